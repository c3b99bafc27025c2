/**
 * Run by bench/memory.bench.ts in a process of its own. Memory of the
 * assistant process: the whole application (all plugins, the shipped
 * knowledge as it is, `knowledge/catalog/` included when present, an
 * in-memory database) after answering every evaluation question; then the
 * same with a search engine over a synthetic knowledge base of 2,000 entries
 * on top, after answering them through it too.
 */
import { existsSync } from 'node:fs';
import { createApp } from '../src/app/app.js';
import { parseConfig } from '../src/config/index.js';
import { silentLogger } from '../src/log/index.js';
import { SearchEngine } from '../src/search/engine.js';
import { readQuestions } from '../src/search/evaluate.js';
import { synthetic } from './synthetic.js';

const mb = (n: number) => `${(n / 1048576).toFixed(1)} MB`;
const settle = () => {
  globalThis.gc?.();
  return process.memoryUsage();
};
const before = process.memoryUsage().rss;
const app = await createApp(
  parseConfig({ DATABASE_PATH: ':memory:', LOG_LEVEL: 'silent', KNOWLEDGE_DIR: 'knowledge' }),
  silentLogger,
);
const qs = readQuestions('tests/eval/questions.tsv');
for (const [i, q] of qs.entries()) {
  await app.assistant.handle({ channel: 'console', userId: `u${i % 50}`, chatId: `u${i % 50}`, text: q.question });
}
const shipped = settle();
const engine2k = new SearchEngine(synthetic(app.knowledge.kb, 2000));
for (const q of qs) engine2k.search(q.question);
const scaled = settle();
console.log(
  JSON.stringify({
    runtimeRss: mb(before),
    rss: mb(shipped.rss),
    heapUsed: mb(shipped.heapUsed),
    rss2k: mb(scaled.rss),
    heapUsed2k: mb(scaled.heapUsed),
    entries: app.knowledge.kb.entries.length,
    catalog: existsSync('knowledge/catalog'),
    questions: qs.length,
  }),
);
await app.stop();
