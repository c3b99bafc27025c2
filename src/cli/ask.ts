/**
 * `npm run ask -- "câu hỏi"` prints the answer as a resident would see it.
 * `npm run --silent ask -- --json` reads one question per line from stdin
 * and prints one JSON line per input line (the outside-evaluation contract):
 * `{"question", "answered", "results": [{"id","title","score"}]}`, results best
 * first, scored on the text the assistant answers from (personal data taken
 * out); `"clarify": [ids…]` is added when the reply asks which one is meant.
 */
import { createInterface } from 'node:readline';
import type { Config } from '../config/index.js';
import { createApp, type App } from '../app/app.js';
import { searchText } from '../core/answer.js';
import { unitQuestionOf } from '../admin-units/plugin.js';
import { unitSummary } from '../admin-units/reply.js';
import { renderPlainText } from '../core/render-text.js';
import { silentLogger } from '../log/index.js';
import { exitMisuse } from './args.js';
import { cliStart, configOrExit, exitOnStartupError } from './common.js';

const SPEC = {
  command: 'npm run ask --',
  usage: '"câu hỏi"   hoặc   npm run --silent ask -- --json < cau-hoi.txt',
  summary: 'in câu trả lời như người dân nhận; --json đọc mỗi dòng một câu hỏi và in một dòng JSON',
  options: { json: { type: 'boolean', help: 'đọc câu hỏi từ đầu vào chuẩn, mỗi dòng một câu, in JSON' } },
  positionals: {},
} as const;
const { values, positionals } = cliStart(SPEC);
const json = values.json === true;
const question = positionals.join(' ');
if (!json && !question.trim()) exitMisuse(SPEC, 'Thiếu câu hỏi, ví dụ: npm run ask -- "làm giấy khai sinh"');
const base = configOrExit();
// Questions asked here are previews and evaluations: keep them out of the statistics.
const config: Config = { ...base, LOG_LEVEL: 'silent', databasePath: ':memory:' };

let app: App;
try {
  app = await createApp(config, silentLogger);
} catch (err) {
  exitOnStartupError(err);
}

async function answer(question: string) {
  const replies = await app.assistant.handle({ channel: 'cli', userId: 'cli', chatId: 'cli', text: question });
  const outcome = app.knowledge.engine.search(searchText(question));
  const top = outcome.hits[0];
  const answered = top !== undefined && replies.some((r) => r.kind === 'answer' && r.entryId === top.id);
  const asked = replies.find((r) => r.kind === 'suggestions');
  const clarify = asked?.buttons
    ?.map((b) => /^\/xem (\S+)/.exec(b.payload)?.[1])
    .filter((id): id is string => id !== undefined);
  const unit = unitQuestionOf(question, app.knowledge.kb.commune.province);
  return {
    replies,
    answered,
    ...(unit ? { adminUnit: unitSummary(unit) } : {}),
    results: outcome.hits.slice(0, 5).map((h) => ({ id: h.id, title: h.title, score: h.score })),
    ...(clarify && clarify.length > 0 ? { clarify } : {}),
  };
}

if (json) {
  const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of rl) {
    const { answered, results, clarify, adminUnit } = await answer(line);
    const extra = { ...(clarify ? { clarify } : {}), ...(adminUnit ? { adminUnit } : {}) };
    process.stdout.write(`${JSON.stringify({ question: line, answered, results, ...extra })}\n`);
  }
} else {
  const { replies } = await answer(question);
  process.stdout.write(`${replies.map((r) => renderPlainText(r)).join('\n\n')}\n`);
}
app.db.close();
