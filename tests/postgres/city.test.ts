/**
 * A city on PostgreSQL (DATABASE_URL in the city's .env): each commune's
 * tables live in a schema of its own (xa_<id>), so a commune's statements
 * can only reach its own rows, as with a file each on SQLite.
 */
import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/index.js';
import { silentLogger } from '../../src/log/index.js';
import { isPostgres } from '../../src/storage/db.js';
import { type City, createCity } from '../../src/tenants/city.js';
import { writeCity } from '../tenants/fixtures.js';

let city: City | undefined;
let root = '';
afterEach(async () => {
  await city?.stop();
  city = undefined;
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('a city on PostgreSQL', () => {
  it('keeps each commune in its own schema', async () => {
    // Ids of this run only: the server is shared by the whole test project.
    const run = Date.now().toString(36);
    const ids = [`an-bien-${run}`, `le-chan-${run}`];
    const w = writeCity(
      [
        { id: ids[0]!, name: 'Phường An Biên' },
        { id: ids[1]!, name: 'Phường Lê Chân' },
      ],
      { DATABASE_URL: process.env.TXA_TEST_POSTGRES_URL! },
    );
    root = w.root;
    city = await createCity(w.env, parseConfig(w.env), silentLogger);
    const [a, b] = ids.map((id) => city!.apps.get(id)!);
    const [sa, sb] = ids.map((id) => `xa_${id.replace(/-/g, '_')}`);
    expect(isPostgres(a!.db) && isPostgres(b!.db)).toBe(true);
    expect(new URL(a!.config.databasePath).searchParams.get('schema')).toBe(sa);
    for (const q of ['làm giấy khai sinh', 'đăng ký tạm trú'])
      await a!.assistant.handle({ channel: 'web', userId: 'u1', chatId: 'u1', text: q });
    await b!.assistant.handle({ channel: 'web', userId: 'u2', chatId: 'u2', text: 'chứng thực bản sao' });
    const count = (app: typeof a) => (app!.db.prepare('SELECT COUNT(*) AS n FROM questions').get() as { n: number }).n;
    expect([count(a), count(b)]).toEqual([2, 1]);
    // One server, two schemas: each commune's rows are in its own.
    const inSchema = (schema: string) =>
      (a!.db.prepare(`SELECT COUNT(*) AS n FROM "${schema}".questions`).get() as { n: number }).n;
    expect([inSchema(sa!), inSchema(sb!)]).toEqual([2, 1]);
  });
});
