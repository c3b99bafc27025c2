import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig, VARIABLES } from '../../src/config/index.js';

describe('configuration', () => {
  it('has working defaults with an empty environment', () => {
    const c = parseConfig({});
    expect(c.PORT).toBe(3000);
    expect(c.KNOWLEDGE_DIR).toBe('knowledge');
    expect(c.databasePath).toBe('data/tro-ly-xa.db');
    expect(c.ADMIN_IDS).toEqual([]);
  });

  it('treats blank values as not set (a copied .env.example works)', () => {
    expect(parseConfig({ PORT: '  ', TELEGRAM_BOT_TOKEN: '' }).PORT).toBe(3000);
  });

  it('reports every wrong variable on its own line with an example', () => {
    let err: unknown;
    try {
      parseConfig({ PORT: 'abc', ADMIN_IDS: 'facebook:1', TELEGRAM_BOT_TOKEN: 'nope', LOG_LEVEL: 'loud' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const lines = (err as ConfigError).message.split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^LOG_LEVEL: .* \(ví dụ: LOG_LEVEL=info\)$/);
    expect(lines.find((l) => l.startsWith('PORT:'))).toBe('PORT: phải là số nguyên từ 1 đến 65535 (ví dụ: PORT=3000)');
    expect(lines.some((l) => l.startsWith('ADMIN_IDS: mỗi mục có dạng kênh:id'))).toBe(true);
    expect(lines.some((l) => l.startsWith('TELEGRAM_BOT_TOKEN:'))).toBe(true);
  });

  it('does not echo secret values in its messages', () => {
    try {
      parseConfig({ TELEGRAM_BOT_TOKEN: 'supersecretvalue-123' });
    } catch (e) {
      expect((e as Error).message).not.toContain('supersecretvalue');
    }
  });

  it('requires the webhook secret when a webhook URL is set', () => {
    expect(() => parseConfig({ TELEGRAM_WEBHOOK_URL: 'https://x.example/webhooks/telegram' })).toThrow(
      /TELEGRAM_WEBHOOK_SECRET/,
    );
  });

  it('documents every variable in .env.example', () => {
    const example = readFileSync('.env.example', 'utf8');
    for (const name of Object.keys(VARIABLES)) {
      expect(example, name).toMatch(new RegExp(`^#? ?${name}=`, 'm'));
      const before = example.slice(0, example.search(new RegExp(`^#? ?${name}=`, 'm')));
      expect(before.trimEnd().split('\n').pop(), `${name} needs a comment line above it`).toMatch(/^#/);
    }
  });
});
