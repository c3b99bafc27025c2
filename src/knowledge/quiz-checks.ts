/**
 * Cross-file rules of quizzes (`quizzes:` lists): unique quiz ids, and each
 * question's `source` pointing at an entry that exists, with its `cite` (when
 * given) one of that entry's own sources or legal bases, so a quiz never
 * shows residents a reference the knowledge base does not have.
 */
import type { KnowledgeProblem } from './problems.js';
import type { DeclaredQuiz } from './quiz-schema.js';

/** A quiz with where it was written. */
export interface LocatedQuiz {
  v: DeclaredQuiz;
  file: string;
  at: (path: (string | number)[]) => number;
}

/** What a question may cite of an entry: its sources and, for procedures, its legal bases. */
export interface Citable {
  sources: readonly string[];
  legalBasis?: readonly string[];
}

/**
 * Problems of the quizzes as a whole. `entries` are every searchable entry
 * by id; `broken` the ids of files that did not parse (not reported twice).
 */
export function quizProblems(
  quizzes: readonly LocatedQuiz[],
  entries: ReadonlyMap<string, Citable>,
  broken: ReadonlySet<string>,
): KnowledgeProblem[] {
  const problems: KnowledgeProblem[] = [];
  const ids = new Map<string, LocatedQuiz>();
  for (const q of quizzes) {
    const prev = ids.get(q.v.id);
    if (prev) {
      const where = `${prev.file}:${prev.at(['id'])}`;
      problems.push({
        file: q.file,
        line: q.at(['id']),
        field: 'id',
        message: `mã cuộc thi "${q.v.id}" trùng với ${where}`,
      });
    } else ids.set(q.v.id, q);
    q.v.questions.forEach((question, i) => {
      const field = `${q.v.id}.questions[${i}]`;
      const entry = entries.get(question.source);
      if (!entry) {
        if (broken.has(question.source)) return;
        problems.push({
          file: q.file,
          line: q.at(['questions', i, 'source']),
          field: `${field}.source`,
          message: `không có mục nào có id "${question.source}"`,
        });
        return;
      }
      if (question.cite !== undefined && ![...entry.sources, ...(entry.legalBasis ?? [])].includes(question.cite)) {
        problems.push({
          file: q.file,
          line: q.at(['questions', i, 'cite']),
          field: `${field}.cite`,
          message: `mục "${question.source}" không có nguồn này; chép đúng một dòng trong sources hoặc legalBasis của mục`,
        });
      }
    });
  }
  return problems;
}
