/**
 * Zod schemas for every file in `knowledge/`.
 *
 * The knowledge base is data edited by commune administrators, so every
 * field is validated strictly (unknown keys are errors: a typo such as
 * `alias:` instead of `aliases:` must not be silently ignored).
 */
import { z } from 'zod';
import { DeclaredAnnouncement } from '../announcements/schema.js';

// Administrators read these messages: Vietnamese.
z.config(z.locales.vi());

/** A slug id: lowercase ASCII words joined by dashes, e.g. `khai-sinh`. */
export const Id = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'id phải là chữ thường không dấu nối bằng dấu gạch, ví dụ "khai-sinh"');

const NonEmpty = z.string().trim().min(1, 'không được để trống');

/** ISO calendar date (YAML may parse `2026-11-22` as a Date, so both are accepted). */
export const IsoDate = z.preprocess(
  (v) => (v instanceof Date && !Number.isNaN(v.getTime()) ? v.toISOString().slice(0, 10) : v),
  z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'ngày phải có dạng YYYY-MM-DD'),
);

/** How sure we are of the facts of an entry (see shared research): low facts are never stated as fact. */
export const Confidence = z.enum(['high', 'medium', 'low']);

export const Link = z.strictObject({
  label: NonEmpty,
  url: z.url({ protocol: /^https?$/, error: 'url phải bắt đầu bằng http:// hoặc https://' }),
});

/** A titled block of text and/or a list, used by articles and extra procedure sections. */
export const Section = z
  .strictObject({
    heading: NonEmpty.optional(),
    text: NonEmpty.optional(),
    items: z.array(NonEmpty).optional(),
  })
  .refine((s) => s.text !== undefined || (s.items !== undefined && s.items.length > 0), {
    message: 'mỗi mục phải có text hoặc items',
  });

/** Fields every searchable entry shares. */
const EntryBase = {
  id: Id,
  /** Names people use for it, written the way they type (accents optional). */
  aliases: z.array(NonEmpty).default([]),
  /** Where the facts come from: document, portal page, dataset. */
  sources: z.array(NonEmpty).min(1, 'cần ít nhất một nguồn'),
  lastVerified: IsoDate,
  confidence: Confidence.default('high'),
  /** Facts we could not verify, shown to residents as such. */
  unverified: z.array(NonEmpty).default([]),
  /** Other entries worth suggesting next to this one. */
  related: z.array(Id).default([]),
};

export const Procedure = z.strictObject({
  ...EntryBase,
  /** National procedure code on dichvucong.gov.vn, e.g. `1.001193`. */
  code: z
    .string()
    .regex(/^\d\.\d{6}$/, 'mã thủ tục có dạng 1.001193')
    .optional(),
  name: NonEmpty,
  field: NonEmpty,
  /** Who handles it (agency). */
  agency: NonEmpty,
  /** Where and how to submit. */
  where: z.array(NonEmpty).min(1),
  online: z.strictObject({
    /** true / false, or null when no verified source says. */
    available: z.boolean().nullable(),
    fullyOnline: z.boolean().default(false),
    url: z.url().optional(),
    note: NonEmpty.optional(),
  }),
  documents: z.array(NonEmpty).min(1, 'cần liệt kê giấy tờ'),
  steps: z.array(NonEmpty).default([]),
  processingTime: NonEmpty,
  fee: NonEmpty,
  deadline: NonEmpty.optional(),
  result: NonEmpty.optional(),
  legalBasis: z.array(NonEmpty).min(1, 'cần căn cứ pháp lý'),
  sections: z.array(Section).default([]),
  notes: NonEmpty.optional(),
});

export const Hotline = z
  .strictObject({
    ...EntryBase,
    name: NonEmpty,
    /** The number itself, for national numbers we know. */
    number: z
      .string()
      .regex(/^[0-9 .]{3,20}$/, 'số điện thoại chỉ gồm chữ số, dấu cách hoặc dấu chấm')
      .optional(),
    /** Key into `commune.hotlines` when the number is the commune's own. */
    communeKey: z.string().optional(),
    who: NonEmpty,
    hours: NonEmpty,
    whenToCall: z.array(NonEmpty).min(1),
    free: z.boolean().optional(),
    emergency: z.boolean().default(false),
  })
  .refine((h) => (h.number === undefined) !== (h.communeKey === undefined), {
    message: 'cần đúng một trong hai: number hoặc communeKey',
    path: ['number'],
  });

export const Article = z.strictObject({
  ...EntryBase,
  title: NonEmpty,
  topic: NonEmpty.default('cải cách hành chính'),
  summary: NonEmpty,
  sections: z.array(Section).default([]),
  links: z.array(Link).default([]),
});

/** A commune value we cannot know in advance: null means "chưa cập nhật". */
const Placeholder = z.string().trim().min(1).nullable();

export const CommuneHotline = z.strictObject({
  label: NonEmpty,
  number: z
    .string()
    .regex(/^[0-9 .]{3,20}$/, 'số điện thoại chỉ gồm chữ số, dấu cách hoặc dấu chấm')
    .nullable(),
});

export const Village = z.strictObject({
  id: Id,
  name: NonEmpty,
});

export const Commune = z.strictObject({
  name: Placeholder,
  province: Placeholder,
  address: Placeholder,
  workingHours: Placeholder,
  oneStopDesk: z.strictObject({
    name: NonEmpty,
    address: Placeholder,
    hours: Placeholder,
  }),
  hotlines: z.record(z.string().regex(/^[a-z][a-zA-Z0-9]*$/), CommuneHotline),
  villages: z.array(Village).default([]),
  website: z.url().nullable(),
  email: z.email().nullable(),
  /** Where residents can check what we do not know (national sources). */
  fallbackSource: NonEmpty,
  lastVerified: IsoDate,
});

export const Lexicon = z.strictObject({
  /** Chat abbreviation (folded, single token) → expansion. */
  abbreviations: z.record(z.string().regex(/^[a-z0-9]+$/, 'khoá viết tắt là chữ thường không dấu'), NonEmpty),
  /** Phrase → extra terms added to the query (not replacing it). */
  synonyms: z
    .array(z.strictObject({ phrase: NonEmpty, adds: NonEmpty }))
    .default([]),
  /** Question templates and politeness removed before matching ("cho em hỏi", "ạ"). */
  fillers: z.array(NonEmpty).default([]),
  /** Words that signal a question is about something we do not cover. */
  offTopic: z.array(NonEmpty).default([]),
  /**
   * Words that say what someone wants to know about a procedure (fee, time,
   * documents, where, online) rather than which procedure: they count less.
   */
  aspects: z.array(NonEmpty).default([]),
});

/** One file may contain any of these top-level lists. */
export const KnowledgeFile = z.strictObject({
  procedures: z.array(Procedure).optional(),
  hotlines: z.array(Hotline).optional(),
  articles: z.array(Article).optional(),
  commune: Commune.optional(),
  lexicon: Lexicon.optional(),
  /** Announcements sent on a schedule (see docs/announcements.md). */
  announcements: z.array(DeclaredAnnouncement).optional(),
});

export type Procedure = z.infer<typeof Procedure>;
export type Hotline = z.infer<typeof Hotline>;
export type Article = z.infer<typeof Article>;
export type Commune = z.infer<typeof Commune>;
export type Lexicon = z.infer<typeof Lexicon>;
export type Section = z.infer<typeof Section>;
export type KnowledgeFile = z.infer<typeof KnowledgeFile>;
