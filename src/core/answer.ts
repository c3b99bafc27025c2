/**
 * The built-in last middleware: commands (/start, /help, /thutuc, /hotline,
 * /tintuc, /xem), greetings, and question answering through the search engine.
 * Every searched question is recorded (normalised text only) with its outcome.
 */
import type { KnowledgeBase } from '../knowledge/model.js';
import type { SearchHit, SearchOutcome } from '../search/engine.js';
import { foldDiacritics as fold } from '../text/fold.js';
import { recordQuestion } from '../storage/core.js';
import type { TurnContext } from './assistant.js';
import { entryReply, type EntryReplyOptions } from './entry-reply.js';
import { askedParts, FULL_SLUG, PARTS, type Part } from './procedure-parts.js';
import { aspectOnly, followUpReply, recentEntry, rememberEntry } from './followup.js';
import { MAX_INPUT_CHARS, sanitizeInput } from './input.js';
import { stripPersonalData } from './personal-data.js';
import {
  codeOnly,
  englishReply,
  entryByCode,
  isEnglish,
  twoAsks,
  twoAsksReply,
  unknownCodeReply,
} from './special-asks.js';
import {
  articlesReply,
  fallbackReply,
  greetingReply,
  helpReply,
  hotlinesReply,
  notTextReply,
  phoneOnlyReply,
  proceduresReply,
  suggestionsReply,
  thanksReply,
  tooLongNote,
  unknownEntryReply,
  variantsReply,
} from './replies.js';
import { answerOutOfScope } from './scope.js';
import { personReply } from './scope-replies.js';
import type { Reply } from './types.js';

/** A parsed slash command: `/start@bot khai-sinh` → `{ name: 'start', arg: 'khai-sinh' }`. */
export function parseCommand(text: string): { name: string; arg: string } | undefined {
  const m = /^\/([a-z_]+)(?:@\w+)?(?:\s+([\s\S]*))?$/i.exec(text.trim());
  if (!m) return undefined;
  return { name: m[1]!.toLowerCase(), arg: (m[2] ?? '').trim() };
}

const GREETINGS =
  /^(xin chao|chao|hi|hello|helo|alo|hey)( (ban|ad|admin|anh|chi|em|tro ly|bot|a|nhe|moi nguoi|xa|phuong))*$/;
const THANKS = /^((cam on|thank|thanks|thank you|tks|ok|oke|okay|vang|da)( (ban|ad|nhieu|nhe|a|nha|tro ly))*)$/;
const HELP = /^(help|menu|tro giup|huong dan|giup do)$/;

/**
 * The text the search sees for a message, exactly as {@link answerQuestion}
 * searches it (for `ask --json` and evaluations): sanitised, without a
 * leading unknown command, without personal data.
 */
export function searchText(message: string): string {
  const text = sanitizeInput(message);
  return stripPersonalData(parseCommand(text) ? text.replace(/^\/\S+\s*/, '') : text);
}

/** Slash commands; false when the command is unknown (then it is read as text). */
function answerCommand(ctx: TurnContext, cmd: { name: string; arg: string }): boolean {
  const kb = ctx.knowledge.kb;
  const show = (id: string, opts: EntryReplyOptions = {}) => {
    const e = kb.byId.get(id);
    if (e) rememberEntry(ctx.session, e.id, ctx.assistant.now());
    return e ? entryReply(kb, e, opts) : undefined;
  };
  switch (cmd.name) {
    case 'start':
      ctx.reply((cmd.arg ? show(cmd.arg) : undefined) ?? greetingReply(kb));
      return true;
    case 'help':
    case 'trogiup':
      ctx.reply(helpReply());
      return true;
    case 'thutuc':
      ctx.reply(proceduresReply(kb, cmd.arg || undefined));
      return true;
    case 'hotline':
      ctx.reply(hotlinesReply(kb));
      return true;
    case 'tintuc':
      ctx.reply(articlesReply(kb));
      return true;
    case 'gapcanbo':
      // The handoff part answers this first; on its own the core gives the commune's numbers.
      ctx.reply(personReply(kb));
      return true;
    case 'xem': {
      // `/xem <id>` short answer, `/xem <id> day-du` the whole entry, `/xem <id> le-phi` one part first.
      const [id = '', slug] = cmd.arg.split(/\s+/);
      ctx.reply(show(id, viewOptions(slug)) ?? unknownEntryReply());
      return true;
    }
    default:
      return false;
  }
}

/** Messages answered without a search: no text, a bare phone number, greetings, a code, English, a follow-up. */
function answerWithoutSearch(ctx: TurnContext, text: string): boolean {
  const kb = ctx.knowledge.kb;
  const simple = fold(text.toLowerCase())
    .replace(/[^a-z0-9 ]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const reply = (r: Reply) => {
    ctx.reply(r);
    return true;
  };
  if (!/[\p{L}\p{N}]/u.test(text)) return reply(notTextReply());
  if (/^[+\d\s.()-]+$/.test(text) && text.replace(/\D/g, '').length >= 8) return reply(phoneOnlyReply());
  if (GREETINGS.test(simple)) return reply(greetingReply(kb));
  if (THANKS.test(simple)) return reply(thanksReply());
  if (HELP.test(simple)) return reply(helpReply());
  const code = codeOnly(text);
  if (code) {
    const id = entryByCode(kb, code);
    if (id) rememberEntry(ctx.session, id, ctx.assistant.now());
    return reply(id ? entryReply(kb, kb.byId.get(id)!) : unknownCodeReply(code));
  }
  if (isEnglish(text)) return reply(englishReply(kb));
  // "Lệ phí bao nhiêu?" right after an answer is about that answer.
  const aspect = aspectOnly(text);
  const recent = aspect ? recentEntry(ctx.session, ctx.assistant.now()) : undefined;
  const follow = aspect && recent ? followUpReply(kb, recent, aspect) : undefined;
  if (!follow) return false;
  ctx.log.info({ entry: recent, aspect }, 'follow-up answered');
  return reply(follow);
}

/** The built-in question answering middleware. */
export async function answerQuestion(ctx: TurnContext): Promise<void> {
  const cmd = parseCommand(ctx.text);
  if (cmd && answerCommand(ctx, cmd)) return;
  const text = cmd ? ctx.text.replace(/^\/\S+\s*/, '') : ctx.text;
  if (answerWithoutSearch(ctx, text)) return;
  const started = performance.now();
  // Phone numbers and names are personal data and never the topic: keep them out of the search and the question log.
  const query = stripPersonalData(text);
  const out = ctx.knowledge.engine.search(query);
  const latencyMs = performance.now() - started;
  // Topics handled elsewhere (referrals) and requests for a person do not get the search's answer.
  if (answerOutOfScope(ctx, query, out, latencyMs)) return;
  const top = out.hits[0];
  const questionId = recordQuestion(ctx.db, {
    channel: ctx.message.channel,
    userHash: ctx.userHash,
    normalized: out.normalized.slice(0, 500),
    bestId: top?.id ?? null,
    score: top?.score ?? null,
    decision: out.decision === 'none' ? out.reason : out.decision,
    answered: out.decision === 'answer' && top !== undefined,
    latencyMs,
    ts: ctx.assistant.now(),
  });
  ctx.log.info(
    {
      entry: top?.id ?? null,
      score: top?.score ?? null,
      decision: out.decision,
      reason: out.reason,
      ms: round(latencyMs),
    },
    'question answered',
  );
  if ((ctx.message.text ?? '').length > MAX_INPUT_CHARS) ctx.reply(tooLongNote(MAX_INPUT_CHARS));
  ctx.reply({ ...outcomeReply(ctx, text, query, out), questionId });
}

/** The reply to a searched question: two asks, variants, the answer, suggestions or the honest fallback. */
function outcomeReply(ctx: TurnContext, text: string, query: string, out: SearchOutcome): Reply {
  const kb = ctx.knowledge.kb;
  const top = out.hits[0];
  const answered = out.decision === 'answer' && top !== undefined;
  const asks = twoAsks(ctx.knowledge.engine, query, out);
  if (asks.length > 1) return twoAsksReply(kb, asks);
  const variants = answered || out.decision === 'suggest' ? familyChoice(kb, out.hits) : [];
  // Variants of one procedure scoring alike: ask which one applies rather than guess.
  if (variants.length > 1) return variantsReply(kb, variants);
  if (answered) {
    rememberEntry(ctx.session, top.id, ctx.assistant.now());
    return entryReply(kb, kb.byId.get(top.id)!, { parts: askedParts(text) });
  }
  if (out.decision === 'suggest') return suggestionsReply(out.hits);
  return fallbackReply(kb, out.reason === 'off-topic');
}

/** Share of the best score within which other members of its family are offered as choices. */
const FAMILY_TIE = 0.1;

/** The best hit's family members that score close to it (best first), when there are several. */
function familyChoice(kb: KnowledgeBase, hits: SearchHit[]): string[] {
  const top = hits[0];
  const family = top ? kb.familyOf.get(top.id) : undefined;
  if (!top || !family) return [];
  return hits
    .filter((h) => kb.familyOf.get(h.id) === family && h.score >= top.score * (1 - FAMILY_TIE))
    .map((h) => h.id);
}

/** Options of an entry view from the slug of `/xem <id> <slug>`. */
function viewOptions(slug: string | undefined): EntryReplyOptions {
  if (!slug) return {};
  if (slug === FULL_SLUG) return { full: true };
  const part = (Object.keys(PARTS) as Part[]).find((k) => PARTS[k].slug === slug);
  return part ? { parts: [part] } : {};
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
