/**
 * Zod schemas for every file in `knowledge/`.
 *
 * The knowledge base is data edited by commune administrators, so every
 * field is validated strictly (unknown keys are errors: a typo such as
 * `alias:` instead of `aliases:` must not be silently ignored).
 */
import { z } from 'zod';
import { DeclaredAnnouncement } from './announcement-schema.js';
import { DeclaredQuiz } from './quiz-schema.js';
import { unofficialMark, unofficialSourceMessage } from './official-source.js';

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

/** A source shown to residents: official, never the copy it was read from (see `official-source.ts`). */
const OfficialSource = NonEmpty.superRefine((s, ctx) => {
  const mark = unofficialMark(s);
  if (mark) ctx.addIssue({ code: 'custom', message: unofficialSourceMessage(mark) });
});

/** Fields every searchable entry shares. */
const EntryBase = {
  id: Id,
  /** Names people use for it, written the way they type (accents optional). */
  aliases: z.array(NonEmpty).default([]),
  /** Where residents can check the facts: portal procedure and date, legal document, ministry or province page. */
  sources: z.array(OfficialSource).min(1, 'cần ít nhất một nguồn'),
  /** Where our copy came from (crawl, project, third-party page, file): for administrators only, never shown to residents. */
  provenance: z.array(NonEmpty).default([]),
  lastVerified: IsoDate,
  confidence: Confidence.default('high'),
  /** Facts we could not verify, shown to residents as such. */
  unverified: z.array(NonEmpty).default([]),
  /** Other entries worth suggesting next to this one. */
  related: z.array(Id).default([]),
};

/** One case of a procedure with its own documents (the portal's "trường hợp"). */
export const ProcedureCase = z.strictObject({
  name: NonEmpty,
  documents: z.array(NonEmpty).min(1, 'cần liệt kê giấy tờ'),
});

/** One way of submitting (in person, online, by post) with its own time and fee. */
export const SubmissionMethod = z.strictObject({
  method: NonEmpty,
  time: NonEmpty,
  fee: NonEmpty,
});

/**
 * Where an imported entry comes from on the national portal. Written by
 * `kb:import --portal`; its presence marks the entry as imported (a
 * hand-written entry with the same `code` replaces it).
 */
export const PortalRef = z.strictObject({
  /** The procedure's page on dichvucong.gov.vn. */
  url: z.url({ protocol: /^https?$/, error: 'url phải bắt đầu bằng http:// hoặc https://' }),
  /** The portal's own date of this record (last update, or the date of the copy). */
  date: IsoDate,
  /** `national`: applies everywhere; `province`: only where `commune.province` is `province`. */
  scope: z.enum(['national', 'province']).default('national'),
  province: NonEmpty.optional(),
});

/** Fields of an imported entry that a re-import may update (unless listed in `keep`). */
export const IMPORTED_FIELDS = [
  'name',
  'field',
  'agency',
  'where',
  'online',
  'documents',
  'cases',
  'methods',
  'steps',
  'processingTime',
  'fee',
  'result',
  'legalBasis',
  'sections',
  'portal',
  'sources',
  'provenance',
  'lastVerified',
  'details',
  'family',
  'variant',
] as const;

const ProcedureFields = z.strictObject({
  ...EntryBase,
  /** National procedure code on dichvucong.gov.vn, e.g. `1.001193`. */
  code: z
    .string()
    .regex(/^\d\.\d{6}$/, 'mã thủ tục có dạng 1.001193')
    .optional(),
  /**
   * Other national codes a hand-written entry answers for (older or variant
   * codes): imported catalogue entries with these codes are left out.
   */
  covers: z.array(z.string().regex(/^\d\.\d{6}$/, 'mã thủ tục có dạng 1.001193')).default([]),
  name: NonEmpty,
  field: NonEmpty,
  /** Who handles it (agency). */
  agency: NonEmpty,
  /** Where and how to submit. */
  where: z.array(NonEmpty).default([]),
  online: z.strictObject({
    /** true / false, or null when no verified source says. */
    available: z.boolean().nullable(),
    fullyOnline: z.boolean().default(false),
    url: z.url().optional(),
    note: NonEmpty.optional(),
  }),
  documents: z.array(NonEmpty).default([]),
  /** Documents per case, when the procedure has several cases. */
  cases: z.array(ProcedureCase).default([]),
  /** Time and fee per way of submitting, when the portal gives them. */
  methods: z.array(SubmissionMethod).default([]),
  steps: z.array(NonEmpty).default([]),
  processingTime: NonEmpty.optional(),
  fee: NonEmpty.optional(),
  deadline: NonEmpty.optional(),
  result: NonEmpty.optional(),
  legalBasis: z.array(NonEmpty).default([]),
  sections: z.array(Section).default([]),
  notes: NonEmpty.optional(),
  /**
   * `false` for an entry known only from the portal's list (name, agency, link):
   * the assistant names it and says plainly that it has no details.
   */
  details: z.boolean().default(true),
  /** Several records of one real-world procedure (first issue, re-issue, foreign element…) share a family. */
  family: Id.optional(),
  /** What sets this record apart within its family, e.g. "có yếu tố nước ngoài". */
  variant: NonEmpty.optional(),
  /** Imported from the national portal (see {@link PortalRef}). */
  portal: PortalRef.optional(),
  /** Imported fields an administrator edited by hand: a re-import leaves them as they are. */
  keep: z.array(z.enum(IMPORTED_FIELDS)).default([]),
});

export const Procedure = ProcedureFields.superRefine((p, ctx) => {
  if (!p.details) return;
  // A procedure with details must say what to bring, how long, how much and on what legal basis.
  if (p.where.length === 0) ctx.addIssue({ code: 'custom', path: ['where'], message: 'cần ít nhất một nơi nộp' });
  if (p.documents.length === 0 && p.cases.length === 0) {
    ctx.addIssue({ code: 'custom', path: ['documents'], message: 'cần liệt kê giấy tờ' });
  }
  if (!p.processingTime) ctx.addIssue({ code: 'custom', path: ['processingTime'], message: 'cần thời hạn giải quyết' });
  if (!p.fee) ctx.addIssue({ code: 'custom', path: ['fee'], message: 'cần lệ phí (hoặc ghi rõ chưa công bố)' });
  if (p.legalBasis.length === 0) ctx.addIssue({ code: 'custom', path: ['legalBasis'], message: 'cần căn cứ pháp lý' });
  if (p.portal?.scope === 'province' && !p.portal.province) {
    ctx.addIssue({ code: 'custom', path: ['portal', 'province'], message: 'thủ tục riêng của tỉnh cần ghi tỉnh' });
  }
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

/** An old unit the commune was formed from on 1 July 2025 (`npm run commune:init`). */
export const CommuneOldUnit = z.strictObject({
  name: NonEmpty,
  district: NonEmpty,
  province: NonEmpty,
  part: z.enum(['toàn bộ', 'một phần']),
});

export const Commune = z.strictObject({
  name: Placeholder,
  province: Placeholder,
  /** Code in the national list of commune-level units (1027/CTK-CSCL), e.g. "11383". */
  code: z
    .string()
    .regex(/^\d{5}$/, 'mã đơn vị hành chính cấp xã có 5 chữ số')
    .nullable()
    .optional(),
  /** The resolution clause that formed the commune: "khoản 12 Điều 1 Nghị quyết 1669/NQ-UBTVQH15". */
  formedBy: NonEmpty.optional(),
  /** The old units it was formed from. */
  oldUnits: z.array(CommuneOldUnit).optional(),
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
  synonyms: z.array(z.strictObject({ phrase: NonEmpty, adds: NonEmpty })).default([]),
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

/** A link residents may follow from a referral: official sites only (a `.gov.vn` address). */
export const OfficialLink = Link.refine((l) => /^https?:\/\/([a-z0-9-]+\.)+gov\.vn(\/|$)/i.test(l.url), {
  message: 'chỉ dùng đường link của cơ quan nhà nước (tên miền .gov.vn)',
  path: ['url'],
});

/** A source residents read under a referral: a document number or procedure code, never a code repository. */
const ReferralSource = NonEmpty.refine((s) => /\d/.test(s), 'nguồn cần có số hiệu văn bản hoặc mã thủ tục').refine(
  (s) => !/github|gitlab/i.test(s),
  'nguồn hiển thị cho người dân phải là văn bản hoặc trang của cơ quan nhà nước',
);

/** A topic the commune does not handle, and where to go instead (`knowledge/referrals.yaml`, docs/referrals.md). */
export const Referral = z.strictObject({
  id: Id,
  topic: NonEmpty,
  /** How residents ask about it, accents optional; matched as whole words. */
  phrases: z.array(NonEmpty).min(1, 'cần ít nhất một cách hỏi'),
  /** Phrases naming a commune procedure after all ("mất hộ chiếu"): no referral then. */
  unless: z.array(NonEmpty).default([]),
  where: z.array(NonEmpty).min(1, 'cần ít nhất một nơi giải quyết'),
  note: NonEmpty.optional(),
  links: z.array(OfficialLink).default([]),
  /** Commune entries shown as buttons (household business next to company registration). */
  related: z.array(Id).default([]),
  sources: z.array(ReferralSource).min(1, 'cần ít nhất một nguồn'),
  lastVerified: IsoDate,
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
  /** Topics handled elsewhere, with where to go (see docs/referrals.md). */
  referrals: z.array(Referral).optional(),
  /** CCHC quizzes residents take in chat (see docs/quiz.md). */
  quizzes: z.array(DeclaredQuiz).optional(),
  /**
   * More names for entries written in other files, by entry id: in a city,
   * a commune's own names for the shared entries (see docs/city.md).
   */
  aliases: z.record(Id, z.array(NonEmpty).min(1, 'cần ít nhất một tên gọi')).optional(),
});

export type Procedure = z.infer<typeof Procedure>;
export type ProcedureCase = z.infer<typeof ProcedureCase>;
export type SubmissionMethod = z.infer<typeof SubmissionMethod>;
export type PortalRef = z.infer<typeof PortalRef>;
export type Hotline = z.infer<typeof Hotline>;
export type Article = z.infer<typeof Article>;
export type Commune = z.infer<typeof Commune>;
export type Lexicon = z.infer<typeof Lexicon>;
export type Referral = z.infer<typeof Referral>;
export type Section = z.infer<typeof Section>;
export type KnowledgeFile = z.infer<typeof KnowledgeFile>;
