/**
 * The in-memory knowledge base: validated files joined into one model, with
 * every searchable item (procedure, hotline, article) as an {@link Entry}.
 */
import { deriveFamily } from './catalog/names.js';
import type { DeclaredQuiz } from './quiz-schema.js';
import type { Article, Commune, Hotline, Lexicon, Procedure, Referral } from './schema.js';

/** Kinds of searchable entries. */
export type EntryKind = 'procedure' | 'hotline' | 'article';

/** A searchable item, whatever its kind. */
export type Entry =
  | { kind: 'procedure'; id: string; title: string; aliases: string[]; body: string; data: Procedure }
  | { kind: 'hotline'; id: string; title: string; aliases: string[]; body: string; data: Hotline }
  | { kind: 'article'; id: string; title: string; aliases: string[]; body: string; data: Article };

/** The whole validated knowledge base. */
export interface KnowledgeBase {
  procedures: Procedure[];
  hotlines: Hotline[];
  articles: Article[];
  commune: Commune;
  lexicon: Lexicon;
  /** Topics handled elsewhere (`referrals:` lists); not searchable entries. */
  referrals: Referral[];
  /** Quizzes (`quizzes:` lists; see docs/quiz.md); not searchable entries. */
  quizzes: DeclaredQuiz[];
  entries: Entry[];
  byId: Map<string, Entry>;
  /** Families of procedure variants (family id → procedure ids, two or more each). */
  families: Map<string, string[]>;
  /** Family id of each procedure that belongs to one. */
  familyOf: Map<string, string>;
}

/** Groups procedures into families: the explicit `family`, else the one derived from the name. */
export function familiesOf(procedures: Procedure[]): {
  families: Map<string, string[]>;
  familyOf: Map<string, string>;
} {
  const all = new Map<string, string[]>();
  for (const p of procedures) {
    const f = p.family ?? deriveFamily(p.name).id;
    all.set(f, [...(all.get(f) ?? []), p.id]);
  }
  const families = new Map([...all].filter(([, ids]) => ids.length > 1));
  const familyOf = new Map<string, string>();
  for (const [f, ids] of families) for (const id of ids) familyOf.set(id, f);
  return { families, familyOf };
}

/** Joins validated parts into a {@link KnowledgeBase}. */
export function buildKnowledgeBase(
  parts: Omit<KnowledgeBase, 'entries' | 'byId' | 'families' | 'familyOf' | 'referrals' | 'quizzes'> & {
    referrals?: Referral[];
    quizzes?: DeclaredQuiz[];
  },
): KnowledgeBase {
  const entries: Entry[] = [
    ...parts.procedures.map(
      (p): Entry => ({
        kind: 'procedure',
        id: p.id,
        title: p.name,
        aliases: p.aliases,
        body: [p.field, p.agency, p.result ?? '', p.code ?? ''].join(' '),
        data: p,
      }),
    ),
    ...parts.hotlines.map(
      (h): Entry => ({
        kind: 'hotline',
        id: h.id,
        title: h.name,
        aliases: h.aliases,
        body: [h.who, h.number ?? '', ...h.whenToCall].join(' '),
        data: h,
      }),
    ),
    ...parts.articles.map(
      (a): Entry => ({
        kind: 'article',
        id: a.id,
        title: a.title,
        aliases: a.aliases,
        body: [a.topic, a.summary].join(' '),
        data: a,
      }),
    ),
  ];
  return {
    ...parts,
    referrals: parts.referrals ?? [],
    quizzes: parts.quizzes ?? [],
    entries,
    byId: new Map(entries.map((e) => [e.id, e])),
    ...familiesOf(parts.procedures),
  };
}
