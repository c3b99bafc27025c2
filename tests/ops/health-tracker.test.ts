/** The shared channel-health tracker and the cause of network errors. */
import { memoryLogger } from '../helpers.js';
import { describe, expect, it } from 'vitest';
import { HealthTracker, networkCause } from '../../src/channels/shared/health.js';

describe('HealthTracker', () => {
  it('logs one line when a channel goes down and one when it is back, whatever the retries', () => {
    const { logger: log, records } = memoryLogger('info');
    let t = 1000;
    const h = new HealthTracker('zalo-bot', log, () => t);
    h.up();
    expect(records()).toHaveLength(0); // the first connection is not a recovery
    t = 2000;
    for (let i = 0; i < 5; i++) h.down('reconnecting', i % 2 ? 'timed out' : 'connection refused');
    expect(h.get()).toEqual({ state: 'reconnecting', since: 2000, cause: 'connection refused' });
    t = 9000;
    h.up();
    h.up();
    expect(records().map((l) => [l.msg, l.cause ?? l.wasCause])).toEqual([
      ['channel is down: cannot reach the platform; retrying', 'connection refused'],
      ['channel is back up', 'connection refused'],
    ]);
    expect(records()[1]).toMatchObject({ channel: 'zalo-bot', downMs: 7000 });
    h.down('refused', 'HTTP 401');
    expect(records().at(-1)).toMatchObject({ level: 50, state: 'refused', cause: 'HTTP 401' });
  });

  it('names connection refused, DNS and timeouts from the wrapped error', () => {
    expect(
      networkCause(new TypeError('fetch failed', { cause: Object.assign(new Error('x'), { code: 'ECONNREFUSED' }) })),
    ).toBe('connection refused');
    expect(networkCause({ error: { code: 'ENOTFOUND' } })).toBe('DNS lookup failed');
    expect(networkCause(Object.assign(new Error('t'), { name: 'TimeoutError' }))).toBe('timed out');
    expect(networkCause(new Error('odd'))).toBe('network error');
  });
});
