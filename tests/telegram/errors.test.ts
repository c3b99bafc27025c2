/**
 * Error classification of Bot API failures, and the timer-free flood counter.
 */
import { GrammyError, HttpError } from 'grammy';
import { describe, expect, it } from 'vitest';
import { sendFailure } from '../../src/channels/telegram/errors.js';
import { FloodStore } from '../../src/channels/telegram/flood-store.js';

const api = (error_code: number, description: string, parameters: Record<string, number> = {}) =>
  new GrammyError('Call failed', { ok: false, error_code, description, parameters }, 'sendMessage', {});

describe('sendFailure', () => {
  it.each([
    [429, 'Too Many Requests: retry after 12', 'rate_limited'],
    [403, 'Forbidden: bot was blocked by the user', 'blocked'],
    [403, 'Forbidden: bot was kicked from the supergroup chat', 'blocked'],
    [403, 'Forbidden: user is deactivated', 'unreachable'],
    [403, "Forbidden: bot can't initiate conversation with a user", 'unreachable'],
    [400, 'Bad Request: chat not found', 'unreachable'],
    [400, 'Bad Request: can\'t parse entities: Unsupported start tag "x" at byte offset 3', 'invalid'],
    [400, 'Bad Request: message is too long', 'invalid'],
    [401, 'Unauthorized', 'auth'],
    [404, 'Not Found', 'auth'],
    [500, 'Internal Server Error', 'network'],
    [502, 'Bad Gateway', 'network'],
  ])('%i %s → %s', (code, description, kind) => {
    const f = sendFailure(api(code, description, code === 429 ? { retry_after: 12 } : {}));
    expect(f).toMatchObject({ ok: false, kind, description });
    if (code === 429) expect(f.retryAfterMs).toBe(12_000);
  });

  it('treats network errors as transient', () => {
    expect(
      sendFailure(new HttpError('Network request for sendMessage failed!', new Error('ECONNREFUSED'))),
    ).toMatchObject({ kind: 'network' });
    expect(sendFailure(new Error('socket hang up'))).toMatchObject({ kind: 'network', description: 'socket hang up' });
  });
});

describe('FloodStore', () => {
  it('counts per key within the time frame, then starts again', async () => {
    let now = 1000;
    const store = new FloodStore(() => now);
    expect(await store.incr('a')).toBe(1);
    await store.pexpire('a', 3000);
    expect(await store.incr('a')).toBe(2);
    expect(await store.incr('b')).toBe(1);
    now += 3000;
    expect(await store.incr('a')).toBe(1);
  });

  it('forgets idle users, so memory stays bounded', async () => {
    let now = 0;
    const store = new FloodStore(() => now);
    for (let i = 0; i < 1000; i++) {
      await store.incr(`u${i}`);
      await store.pexpire(`u${i}`, 3000);
    }
    now += 10_000;
    await store.incr('late');
    expect(store.size).toBe(1);
  });
});
