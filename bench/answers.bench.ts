/**
 * Answers as residents get them (issue 10), through the whole assistant (not
 * only the search): for each evaluation set, and for letters over 200
 * characters separately, the share answered with the right entry, answered
 * with a wrong one, out-of-scope questions answered, and replies that ask a
 * clarifying question ("Ý bạn là…", "Bạn cần trường hợp nào?", two asks);
 * and the length of the first message of every procedure answer.
 *
 * `npm run bench -- answers`
 */
import { existsSync } from 'node:fs';
import { ALL_MIGRATIONS } from '../src/app/migrations.js';
import { Assistant, staticRoles } from '../src/core/assistant.js';
import { entryReply } from '../src/core/entry-reply.js';
import { renderPlainText } from '../src/core/render-text.js';
import { KnowledgeStore } from '../src/knowledge/store.js';
import { silentLogger } from '../src/log/index.js';
import { pct, readCodedQuestions, readQuestions, type LabelledQuestion } from '../src/search/evaluate.js';
import { openDatabase } from '../src/storage/db.js';
import { CURRENT_LABELS, currentLabelled } from './search-systems.js';

const knowledge = KnowledgeStore.load('knowledge', silentLogger);
const kb = knowledge.kb;
const assistant = new Assistant({
  knowledge,
  db: openDatabase(':memory:', ALL_MIGRATIONS),
  logger: silentLogger,
  salt: 'bench-salt-0123456789',
  roles: staticRoles([], []),
});

type Row = {
  set: string;
  n: number;
  inScope: number;
  right: number;
  wrong: number;
  oos: number;
  oosAnswered: number;
  clarify: number;
  ms: number[];
};

async function measure(set: string, qs: LabelledQuestion[]): Promise<Row> {
  const row: Row = { set, n: qs.length, inScope: 0, right: 0, wrong: 0, oos: 0, oosAnswered: 0, clarify: 0, ms: [] };
  let i = 0;
  for (const q of qs) {
    const id = `b${i++}`;
    const t = performance.now();
    const replies = await assistant.handle({ channel: 'cli', userId: id, chatId: id, text: q.question });
    row.ms.push(performance.now() - t);
    const answer = replies.find((r) => r.kind === 'answer' && r.entryId);
    if (replies.some((r) => r.kind === 'suggestions')) row.clarify++;
    if (!q.expected) {
      row.oos++;
      if (answer) row.oosAnswered++;
      continue;
    }
    row.inScope++;
    if (answer && q.expected.includes(answer.entryId!)) row.right++;
    else if (answer) row.wrong++;
  }
  return row;
}

function pctl(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
}

const sets: [string, LabelledQuestion[]][] = [['own', readQuestions('tests/eval/questions.tsv')]];
if (existsSync('../shared/eval/outside.tsv')) sets.push(['outside', readQuestions('../shared/eval/outside.tsv')]);
if (existsSync('../shared/eval/portal-faq.tsv')) {
  const faq = readCodedQuestions('../shared/eval/portal-faq.tsv', kb.entries);
  sets.push(['portal-faq', faq], ['portal-faq, main code in KB', faq.filter((q) => q.mainInKb)]);
  const current = currentLabelled(faq);
  if (current) sets.push([CURRENT_LABELS, current]);
}
const withLetters = sets.flatMap(([name, qs]) => {
  const letters = qs.filter((q) => q.question.length > 200);
  return letters.length > 0 && !name.includes('main') && name !== CURRENT_LABELS
    ? [
        [name, qs],
        [`${name}, letters > 200 chars`, letters],
      ]
    : [[name, qs]];
}) as [string, LabelledQuestion[]][];

const rows: Row[] = [];
for (const [name, qs] of withLetters) rows.push(await measure(name, qs));
console.log(
  '| set | n | in scope | answered right | answered wrong | out-of-scope answered | asked back | p50 ms | p99 ms |',
);
console.log('|---|---|---|---|---|---|---|---|---|');
for (const r of rows) {
  console.log(
    `| ${r.set} | ${r.n} | ${r.inScope} | ${pct(r.right, r.inScope)} | ${pct(r.wrong, r.inScope)} | ${pct(r.oosAnswered, r.oos)} of ${r.oos} | ${pct(r.clarify, r.n)} | ${pctl(r.ms, 50).toFixed(2)} | ${pctl(r.ms, 99).toFixed(2)} |`,
  );
}
const lengths = kb.entries.filter((e) => e.kind === 'procedure').map((e) => renderPlainText(entryReply(kb, e)).length);
const full = kb.entries
  .filter((e) => e.kind === 'procedure')
  .map((e) => renderPlainText(entryReply(kb, e, { full: true })).length);
console.log(
  `\nFirst message of a procedure answer (${lengths.length} procedures, plain text with buttons): median ${pctl(lengths, 50)}, max ${Math.max(...lengths)} characters; over 2,000: ${lengths.filter((x) => x > 2000).length}.`,
);
console.log(`The whole entry ("Xem đầy đủ"): median ${pctl(full, 50)}, max ${Math.max(...full)} characters.`);
console.log(
  'answered right/wrong: share of in-scope questions whose reply is an answer with the right / a wrong entry; asked back: share of all questions.',
);
console.log(
  `${CURRENT_LABELS}: the portal-faq questions, leaving out those labelled out of scope with only codes the portal's July 2026 list no longer has (replaced procedures, which a commune procedure may now answer).`,
);
