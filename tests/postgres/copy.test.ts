/**
 * `npm run db:copy`: a commune's SQLite database, filled by the real app
 * (questions, subscriptions, a broadcast and its outbox, a ticket, answer
 * feedback, the audit log, encrypted contact details), copied into a
 * PostgreSQL schema: every row of every table arrives unchanged, the ids
 * continue after the copied ones, and a second copy into the same schema
 * is refused. Runs in the `postgres` test project only.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app/app.js';
import { ALL_MIGRATIONS } from '../../src/app/migrations.js';
import { Announcements } from '../../src/announcements/service.js';
import { parseConfig } from '../../src/config/index.js';
import { silentLogger } from '../../src/log/index.js';
import { copySqliteToPostgres } from '../../src/storage/copy.js';
import { openDatabase } from '../../src/storage/db.js';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'db-copy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const pgUrl = (schema: string) => {
  const u = new URL(process.env.TXA_TEST_POSTGRES_URL!);
  u.searchParams.set('schema', schema);
  return u.toString();
};

/** A commune's SQLite file, filled through the app as residents and staff would. */
async function filledSqlite(): Promise<string> {
  const file = join(dir, 'xa.db');
  // The source is a real SQLite file: the test's PostgreSQL mode is off while the app writes it.
  const saved = process.env.TXA_TEST_POSTGRES_URL;
  delete process.env.TXA_TEST_POSTGRES_URL;
  try {
    const app = await createApp(
      parseConfig({
        DATABASE_PATH: file,
        LOG_LEVEL: 'silent',
        KNOWLEDGE_WATCH: 'false',
        PRIVACY_NOTICE: 'false',
        STAFF_IDS: 'telegram:900',
        DATA_ENCRYPTION_KEY: Buffer.alloc(32, 3).toString('base64'),
      }),
      silentLogger,
    );
    const say = (user: string, text: string) =>
      app.assistant.handle({ channel: 'telegram', userId: user, chatId: user, text, userName: 'Nguyễn Văn A' });
    for (const q of [
      'làm giấy khai sinh',
      'gks cho con',
      'giá vàng hôm nay',
      'số điện thoại công an',
      'đăng ký tạm trú',
    ])
      await say('501', q);
    await say('502', '/dangky');
    await say('503', '/dangky');
    await say('502', '/gopy Đèn đường thôn 3 bị hỏng đã một tuần');
    await say('502', '0903 111 222');
    await say('501', '/thongbao'); // refused, and audited
    await app.stop();
    const db = new Database(file);
    const ann = new Announcements({ db, log: silentLogger, channels: new Map(), hashUser: () => 'h' });
    ann.create({
      title: 'Lịch tiếp dân',
      body: 'Thứ Năm hằng tuần.',
      audience: { kind: 'all' },
      schedule: { kind: 'now' },
    });
    db.close();
  } finally {
    process.env.TXA_TEST_POSTGRES_URL = saved;
  }
  return file;
}

/** Every row of every table, in a stable order, with bytes and numbers as plain values. */
function dump(
  db: { prepare(sql: string): { all(...a: unknown[]): unknown[] } },
  tables: string[],
): Record<string, unknown[]> {
  const plain = (v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v);
  const out: Record<string, unknown[]> = {};
  for (const t of tables) {
    const rows = db.prepare(`SELECT * FROM "${t}"`).all() as Record<string, unknown>[];
    out[t] = rows
      .map((r) =>
        JSON.stringify(
          Object.fromEntries(
            Object.keys(r)
              .sort()
              .map((k) => [k, plain(r[k])]),
          ),
        ),
      )
      .sort();
  }
  return out;
}

describe('copying a commune’s SQLite database into PostgreSQL', () => {
  it('preserves every row of every table, and refuses a second copy', async () => {
    const file = await filledSqlite();
    const src = new Database(file, { readonly: true });
    const tables = (
      src
        .prepare(
          `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != 'schema_migrations'`,
        )
        .all() as {
        name: string;
      }[]
    ).map((r) => r.name);
    const before = dump(src, tables);
    src.close();
    for (const t of ['questions', 'ann_subscriptions', 'tickets', 'ann_announcements', 'meta', 'audit_log'])
      expect(before[t]?.length ?? 0, t).toBeGreaterThan(0);

    const to = pgUrl('xa_copy_test');
    const r = copySqliteToPostgres(file, to, ALL_MIGRATIONS);
    expect(r.ok, JSON.stringify(r)).toBe(true);
    if (!r.ok) return;
    expect(r.tables.every((t) => t.source === t.target)).toBe(true);
    const pg = openDatabase(to, ALL_MIGRATIONS);
    expect(dump(pg, tables)).toEqual(before);
    // New rows continue after the copied ids.
    const maxId = (pg.prepare('SELECT MAX(id) AS m FROM questions').get() as { m: number }).m;
    const next = pg
      .prepare(
        `INSERT INTO questions (ts, channel, user_hash, normalized, decision, answered, latency_ms) VALUES (1, 'web', 'h', 'x', 'none', 0, 1)`,
      )
      .run();
    expect(Number(next.lastInsertRowid)).toBe(maxId + 1);
    pg.close();

    const again = copySqliteToPostgres(file, to, ALL_MIGRATIONS);
    expect(again).toMatchObject({ ok: false, reason: 'not-empty' });
  }, 60_000);

  it('runs as npm run db:copy, printing each table’s counts', async () => {
    const file = join(dir, 'xa.db');
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', 'src/cli/db-copy.ts', '--from', file, '--to', pgUrl('xa_copy_cli')],
      {
        env: { ...process.env, TXA_TEST_POSTGRES_URL: '' },
      },
    );
    expect(stdout).toMatch(/questions: 5 → 5/);
    expect(stdout).toMatch(/số dòng từng bảng khớp/);
  }, 60_000);
});
