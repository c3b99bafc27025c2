/**
 * An edit of the city's shared folder reaches every commune, while they
 * keep answering; a broken shared file leaves every commune on its previous
 * knowledge and is logged once, with its file and line.
 */
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseConfig } from '../../src/config/index.js';
import { type City, createCity } from '../../src/tenants/city.js';
import { freePort, memoryLogger } from '../helpers.js';
import { writeCity } from './fixtures.js';

let city: City | undefined;
let root = '';
afterEach(async () => {
  await city?.stop();
  city = undefined;
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('the shared folder, edited while the city runs', () => {
  it('reloads every commune, and keeps them all on their knowledge when the edit is broken', async () => {
    const port = await freePort();
    const w = writeCity(
      [
        { id: 'an-bien', name: 'Phường An Biên' },
        { id: 'le-chan', name: 'Phường Lê Chân' },
      ],
      { KNOWLEDGE_WATCH: 'true', PORT: String(port), HOST: '127.0.0.1' },
    );
    root = w.root;
    const shared = join(root, 'knowledge');
    cpSync('knowledge', shared, { recursive: true });
    const env = { ...w.env, KNOWLEDGE_DIR: shared };
    const { logger, records } = memoryLogger('info');
    city = await createCity(env, parseConfig(env), logger);
    await city.start();
    const top = (id: string, q: string) => city!.apps.get(id)!.knowledge.engine.search(q).hits[0]?.id;
    expect(top('an-bien', 'trống đồng ngọc lũ')).not.toBe('chinh-quyen-hai-cap');
    const articles = join(shared, 'articles.yaml');
    const text = readFileSync(articles, 'utf8');
    writeFileSync(articles, text.replace('    aliases:\n', '    aliases:\n      - trống đồng ngọc lũ\n'));
    await vi.waitFor(() => {
      for (const id of ['an-bien', 'le-chan']) expect(top(id, 'trống đồng ngọc lũ')).toBe('chinh-quyen-hai-cap');
    }, 15_000);
    expect(records().some((r) => r.msg === 'shared knowledge reloaded in every commune' && r.communes === 2)).toBe(
      true,
    );

    writeFileSync(articles, `${text}\n  - id: [broken\n`);
    await vi.waitFor(
      () => expect(records().some((r) => String(r.msg).startsWith('shared knowledge rejected'))).toBe(true),
      15_000,
    );
    const rejected = records().filter((r) => String(r.msg).startsWith('shared knowledge rejected'));
    expect(rejected).toHaveLength(1);
    expect(rejected[0]).toMatchObject({ reloaded: 0, kept: 2, communes: ['an-bien', 'le-chan'] });
    expect(String((rejected[0]!.problems as string[])[0])).toMatch(/articles\.yaml:\d+: /);
    for (const id of ['an-bien', 'le-chan']) expect(top(id, 'trống đồng ngọc lũ')).toBe('chinh-quyen-hai-cap');
  }, 40_000);
});
