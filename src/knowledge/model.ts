/**
 * The in-memory knowledge base: validated files joined into one model, with
 * every searchable item (procedure, hotline, article) as an {@link Entry}.
 */
import type { Article, Commune, Hotline, Lexicon, Procedure } from './schema.js';

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
  entries: Entry[];
  byId: Map<string, Entry>;
}

/** Joins validated parts into a {@link KnowledgeBase}. */
export function buildKnowledgeBase(parts: Omit<KnowledgeBase, 'entries' | 'byId'>): KnowledgeBase {
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
  return { ...parts, entries, byId: new Map(entries.map((e) => [e.id, e])) };
}
