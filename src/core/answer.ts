/**
 * The built-in last middleware: greetings, help, and question answering
 * through the search engine (the core's commands are in core-commands.ts).
 * Every searched question is recorded (normalised text only) with its outcome.
 */
import type { KnowledgeBase } from '../knowledge/model.js';
import type { SearchHit, SearchOutcome } from '../search/engine.js';
import { foldDiacritics as fold } from '../text/fold.js';
import { recordQuestion } from '../storage/core.js';
import type { TurnContext } from './assistant.js';
import { entryReply } from './entry-reply.js';
import { residentHelp } from './core-commands.js';
import { isPlainCommand, parseCommand } from '../text/command.js';
import { askedParts } from './procedure-parts.js';
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
  fallbackReply,
  greetingReply,
  notTextReply,
  phoneOnlyReply,
  suggestionsReply,
  thanksReply,
  tooLongNote,
  variantsReply,
} from './replies.js';
import { answerOutOfScope } from './scope.js';
import type { Reply } from './types.js';

const GREETINGS =
  /^(xin chao|chao|hi|hello|helo|alo|hey)( (ban|ad|admin|anh|chi|em|tro ly|bot|a|nhe|moi nguoi|xa|phuong))*$/;
const THANKS = /^((cam on|thank|thanks|thank you|tks|ok|oke|okay|vang|da)( (ban|ad|nhieu|nhe|a|nha|tro ly))*)$/;
const HELP = /^(help|menu|tro giup|huong dan|giup do)$/;

/** The text without a leading plain command word (`/abc@bot`), as question answering reads it. */
function withoutCommand(text: string): string {
  const cmd = parseCommand(text);
  return cmd && isPlainCommand(cmd) ? text.replace(/^\/\S+\s*/, '') : text;
}

/**
 * The text the search sees for a message, exactly as {@link answerQuestion}
 * searches it (for `ask --json` and evaluations): sanitised, without a
 * leading unknown command, without personal data.
 *
 * @example
 * ```ts
 * searchText('/abc làm khai sinh'); // 'làm khai sinh' (unknown command dropped)
 * ```
 */
export function searchText(message: string): string {
  const text = sanitizeInput(message);
  return stripPersonalData(withoutCommand(text));
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
  if (HELP.test(simple)) return reply(residentHelp(ctx.assistant.commands, ctx.role));
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

/**
 * The built-in question answering middleware.
 *
 * @example
 * ```ts
 * // Assistant.handle runs it last: after plugin middleware and commands.
 * // Used alone, it fills ctx.replies from the search:
 * await answerQuestion(ctx); // ctx.text: 'làm giấy khai sinh cho con'
 * ctx.replies[0]?.entryId; // 'khai-sinh'
 * ```
 */
export async function answerQuestion(ctx: TurnContext): Promise<void> {
  // Registered commands ran before (core/commands); a leading unknown command word is dropped.
  const text = withoutCommand(ctx.text);
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

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
