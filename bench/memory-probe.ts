/**
 * Run by bench/memory.bench.ts in a process of its own. Memory of the assistant process: the whole application (all plugins, the
 * shipped knowledge, an in-memory database) plus a search engine over a
 * synthetic knowledge base of 2,000 entries, after answering every evaluation
 * question through the assistant and the 2,000-entry engine.
 */
import { createApp } from '../src/app/app.js';
import { parseConfig } from '../src/config/index.js';
import { silentLogger } from '../src/log/index.js';
import { SearchEngine } from '../src/search/engine.js';
import { readQuestions } from '../src/search/evaluate.js';
import { synthetic } from './synthetic.js';

const mb = (n: number) => `${(n / 1048576).toFixed(1)} MB`;
const before = process.memoryUsage().rss;
const app = await createApp(parseConfig({ DATABASE_PATH: ':memory:', LOG_LEVEL: 'silent' }), silentLogger);
const engine2k = new SearchEngine(synthetic(app.knowledge.kb, 2000));
const qs = readQuestions('tests/eval/questions.tsv');
for (const [i, q] of qs.entries()) {
  await app.assistant.handle({ channel: 'console', userId: `u${i % 50}`, chatId: `u${i % 50}`, text: q.question });
  engine2k.search(q.question);
}
globalThis.gc?.();
const m = process.memoryUsage();
console.log(JSON.stringify({ runtimeRss: mb(before), rss: mb(m.rss), heapUsed: mb(m.heapUsed), questions: qs.length }));
await app.stop();
