/**
 * `npm run announce -- <command>`: staff tool for announcements, working on
 * the same database as the running assistant (which sends them).
 *
 *   compose --text "…" [--title T] [--audience all|topic:cchc|topic:chung|village:<id>|groups:<kênh:id>,…|oa-article:<id>]
 *           [--now | --at "08:00 01/12/2026" | --cron "0 8 1 * *"] [--promo] [--yes]
 *   preview --text "…" [--title T]        audience [--audience …]
 *   list [--all]    show <id>    edit <id> [--text …] [--title …] [--audience …] [--at … | --cron …]
 *   cancel <id>     resend <id>  progress <id> [--follow]
 *   pending         approve <id> --as <kênh:id>   return <id> --as <kênh:id> --comment "…"
 *
 * Creating or editing one that needs approval (ANNOUNCE_APPROVAL) requires
 * `--as kênh:id`, the author: it prints "Chờ duyệt" and who can approve.
 */
import { createInterface } from 'node:readline/promises';
import { readFileSync } from 'node:fs';
import { ALL_MIGRATIONS } from '../app/migrations.js';
import { audienceLabel, scheduleLabel, splitAnnouncementText } from '../announcements/compose.js';
import type { Audience, Schedule } from '../announcements/model.js';
import { announcementReply } from '../announcements/render.js';
import { cronError, formatLocal, parseLocalDateTime } from '../announcements/time.js';
import { findTopic } from '../announcements/topics.js';
import { renderPlainText } from '../core/render-text.js';
import type { ChannelName } from '../core/types.js';
import { loadOptionsFromConfig } from '../knowledge/file-size.js';
import { KnowledgeStore } from '../knowledge/store.js';
import { silentLogger } from '../log/index.js';
import { followProgress } from './announce-progress.js';
import { STATUS_TEXT } from '../announcements/staff.js';
import { actorOf, auditCli, cliEnv, pendingText, reviewCli, waitingLine, type CliActor } from './announce-approval.js';
import { openDatabase } from '../storage/db.js';
import { didYouMean } from '../core/did-you-mean.js';
import { EXIT, fromSystemError } from '../errors.js';
import { exitMisuse, helpText } from './args.js';
import { cliStart, configOrExit, exitOnStartupError } from './common.js';

const SPEC = {
  command: 'npm run announce --',
  usage: '<lệnh> [tùy chọn]',
  summary: `compose --text "nội dung" [--title "tiêu đề"] [--audience all|topic:cchc|topic:chung|village:<id>|groups:telegram:-100…|oa-article:<mã bài viết>]
        [--now | --at "08:00 01/12/2026" | --cron "0 8 1 * *"] [--promo] [--yes]
preview --text "nội dung" [--title "tiêu đề"]   xem trước đúng như người dân nhận
audience [--audience …]                          số người nhận
list [--all] | show <số> | cancel <số> | resend <số>
edit <số> [--text …] [--title …] [--audience …] [--at … | --cron …]
progress <số> [--follow]                         tiến độ gửi (thanh tiến độ)
pending | approve <số> --as <kênh:id> | return <số> --as <kênh:id> --comment "góp ý"   duyệt thông báo
Nội dung có thể đọc từ tệp: --file duong-dan.txt`,
  options: {
    text: { type: 'string', value: '"nội dung"', help: 'nội dung thông báo' },
    file: { type: 'string', value: '<tệp>', help: 'đọc nội dung từ tệp' },
    title: { type: 'string', value: '"tiêu đề"', help: 'tiêu đề' },
    audience: {
      type: 'string',
      value: '<người-nhận>',
      help: 'all, topic:<mã>, village:<id>, groups:<kênh:id>,… hoặc oa-article:<mã bài viết>',
    },
    now: { type: 'boolean', help: 'gửi ngay' },
    at: { type: 'string', value: '"08:00 01/12/2026"', help: 'hẹn giờ gửi một lần' },
    cron: { type: 'string', value: '"0 8 1 * *"', help: 'gửi định kỳ' },
    promo: { type: 'boolean', help: 'đánh dấu là tin quảng bá (promotional)' },
    yes: { type: 'boolean', help: 'không hỏi xác nhận' },
    all: { type: 'boolean', help: 'list: cả thông báo đã xong' },
    follow: { type: 'boolean', help: 'progress: theo dõi đến khi gửi xong' },
    as: { type: 'string', value: '<kênh:id>', help: 'bạn là ai (tài khoản trò chuyện): người soạn, người duyệt' },
    comment: { type: 'string', value: '"góp ý"', help: 'return: góp ý cho người soạn' },
  },
  positionals: { max: 2 },
} as const;
/** Each subcommand of the tool. */
const RUN: Record<string, () => void | Promise<void>> = {
  compose,
  send: compose,
  preview,
  audience,
  list,
  show,
  edit,
  cancel,
  resend,
  progress: () => followProgress(ann, idArg(), flags.follow === true),
  pending: () => void process.stdout.write(pendingText(env)),
  approve: () => review('approve'),
  return: () => review('return'),
};
const COMMANDS = Object.keys(RUN);

const { values: flags, positionals: args } = cliStart(SPEC);
const cmd = args[0];
const positional = args.slice(1);
const str = (k: 'text' | 'file' | 'title' | 'audience' | 'at' | 'cron' | 'as' | 'comment') => flags[k];
/** A failure while running (exit 1); misuse goes through exitMisuse (exit 2). */
const fail = (msg: string): never => {
  process.stderr.write(`${msg}\n`);
  process.exit(EXIT.runtime);
};
const misuse = (msg: string): never => exitMisuse(SPEC, msg);

if (!cmd || cmd === 'help') {
  if (cmd) process.stdout.write(helpText(SPEC));
  else misuse(`Thiếu lệnh: ${COMMANDS.join(', ')}.`);
  process.exit(0);
}
if (!COMMANDS.includes(cmd)) {
  const near = didYouMean(cmd, COMMANDS);
  misuse(`Không có lệnh "${cmd}".${near ? ` Bạn có định viết \`${near}\`?` : ''}`);
}

const config = configOrExit();
let knowledge: KnowledgeStore;
try {
  knowledge = KnowledgeStore.load(config.KNOWLEDGE_DIR, silentLogger, loadOptionsFromConfig(config));
} catch (err) {
  exitOnStartupError(err);
}
const db = openDatabase(config.databasePath, ALL_MIGRATIONS);
const env = cliEnv(db, config);
const ann = env.ann;
const tz = ann.tz;
const ctx = { knowledge };

function parseAudience(s: string | undefined): Audience {
  if (!s || s === 'all') return { kind: 'all' };
  const [kind, ...rest] = s.split(':');
  const value = rest.join(':');
  if (kind === 'topic' || kind === 'village') {
    const t = findTopic(knowledge.kb, value);
    if (!t || (kind === 'village' && !t.topic.startsWith('thon:'))) return fail(`Không có chủ đề/thôn "${value}".`);
    return { kind: 'topic', topic: t.topic };
  }
  if (kind === 'oa-article') {
    if (!/^[\w-]{1,100}$/.test(value)) return fail('Mã bài viết OA chưa đúng, ví dụ: oa-article:bd5ea1c5a7c44e9a17d5.');
    return { kind: 'oa_article', articleId: value };
  }
  if (kind === 'groups') {
    const chats = value.split(',').map((p) => {
      const i = p.indexOf(':');
      if (i < 1) return misuse(`Nhóm "${p}" phải có dạng kênh:id.`);
      return { channel: p.slice(0, i) as ChannelName, chatId: p.slice(i + 1) };
    });
    return { kind: 'chats', chats };
  }
  return misuse(
    `Người nhận "${s}" chưa đúng. Dùng all, topic:cchc, topic:chung, village:<id>, groups:<kênh:id>,… hoặc oa-article:<mã bài viết>`,
  );
}

function parseSchedule(): Schedule | undefined {
  if (flags.now) return { kind: 'now' };
  const at = str('at');
  if (at) {
    const r = parseLocalDateTime(at, tz, Date.now());
    if (!r.ok) return misuse(r.error);
    if (r.at <= Date.now()) fail('Thời điểm này đã qua.');
    return { kind: 'at', at: r.at };
  }
  const cron = str('cron');
  if (cron) {
    const e = cronError(cron, tz, { minIntervalHours: config.SCHEDULE_MIN_INTERVAL_HOURS });
    if (e) misuse(e);
    return { kind: 'cron', cron };
  }
  return undefined;
}

function readText(): { title: string | null; body: string } | undefined {
  const file = str('file');
  const raw = file ? readTextFile(file) : str('text');
  if (raw === undefined) return undefined;
  const parts = splitAnnouncementText(raw) ?? fail('Nội dung trống.');
  const title = str('title');
  return title ? { title, body: raw.trim() } : parts;
}

/** A file's text, or one line saying why it cannot be read (exit 1). */
function readTextFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    const e = fromSystemError(err);
    return fail(e ? e.toLine() : `Không đọc được tệp "${path}".`);
  }
}

function idArg(): number {
  const id = Number.parseInt(positional[0] ?? '', 10);
  return Number.isInteger(id) && id > 0 ? id : misuse('Thiếu số thông báo, ví dụ: npm run announce -- show 12');
}

async function confirm(question: string): Promise<boolean> {
  if (flags.yes) return true;
  if (!process.stdin.isTTY) misuse('Thêm --yes để xác nhận khi không chạy trong cửa sổ lệnh.');
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  const a = (await rl.question(`${question} (c/k) `)).trim().toLowerCase();
  rl.close();
  return a === 'c' || a === 'co' || a === 'có' || a === 'y';
}

function preview(): void {
  const t = readText() ?? misuse('Thiếu --text hoặc --file.');
  process.stdout.write(`${renderPlainText(announcementReply(t.title, t.body))}\n`);
}

function audience(): void {
  if (str('audience')) {
    const a = parseAudience(str('audience'));
    process.stdout.write(`${audienceLabel(ctx, a)}: ${ann.subscriptions.recipients(a).length} nơi nhận\n`);
    return;
  }
  const c = ann.subscriptions.counts();
  process.stdout.write(`Đang nhận tin: ${c.active}\n`);
  for (const [t, n] of Object.entries(c.byTopic)) process.stdout.write(`  ${t}: ${n}\n`);
}

async function compose(): Promise<void> {
  const t = readText() ?? misuse('Thiếu --text hoặc --file.');
  const audience = parseAudience(str('audience'));
  const schedule = parseSchedule() ?? misuse('Chọn thời điểm: --now, --at "08:00 01/12/2026" hoặc --cron "0 8 1 * *".');
  process.stdout.write(
    `--- Xem trước ---\n${renderPlainText(announcementReply(t.title, t.body))}\n-----------------\n`,
  );
  process.stdout.write(
    `Người nhận: ${audienceLabel(ctx, audience)} (${ann.subscriptions.recipients(audience).length} nơi nhận)\n${scheduleLabel(schedule, tz)}\n`,
  );
  const author = authorFor(ann.needsApproval({ audience, schedule, promotional: flags.promo === true }));
  if (!(await confirm('Xác nhận?'))) return void process.stdout.write('Đã bỏ.\n');
  const a = ann.create({
    title: t.title,
    body: t.body,
    audience,
    schedule,
    promotional: flags.promo === true,
    createdBy: author?.key ?? 'cli',
  });
  auditCli(env, author, 'thongbao tao', 'ok', `#${a.id} ${a.schedule.kind} ${a.audience.kind} ${a.status}`);
  if (a.status === 'pending_approval')
    return void process.stdout.write(`Đã tạo thông báo #${a.id}.\n${waitingLine(env, a)}`);
  process.stdout.write(
    `Đã tạo thông báo #${a.id}. Trợ lý đang chạy sẽ gửi; theo dõi: npm run announce -- progress ${a.id} --follow\n`,
  );
}

/** The author named with --as: required when the announcement needs approval (the self-approval rule needs it). */
function authorFor(needsApproval: boolean): CliActor | undefined {
  if (!needsApproval && !str('as')) return undefined;
  const who = actorOf(env, str('as'));
  if ('error' in who) return misuse(`Thông báo này cần được duyệt trước khi gửi. ${who.error}`);
  return who;
}

function review(kind: 'approve' | 'return'): void {
  const id = idArg();
  const who = actorOf(env, str('as'));
  if ('error' in who) misuse(who.error);
  const comment = str('comment') ?? '';
  if (kind === 'return' && !comment.trim()) misuse('Thêm --comment "góp ý" để người soạn biết cần sửa gì.');
  const r = reviewCli(env, who as CliActor, kind, id, comment);
  if (!r.ok) fail(r.text);
  process.stdout.write(`${r.text}\n`);
}

function list(): void {
  for (const a of ann.store.list({ all: flags.all === true })) {
    const when = a.nextRunAt !== null ? formatLocal(a.nextRunAt, tz) : '-';
    process.stdout.write(
      `#${a.id}\t${a.status}\t${when}\t${a.schedule.kind === 'cron' ? a.schedule.cron : ''}\t${a.title ?? a.body.slice(0, 40)}\n`,
    );
  }
}

function show(): void {
  const a = ann.store.get(idArg()) ?? fail('Không có thông báo này.');
  process.stdout.write(
    `${renderPlainText(announcementReply(a.title, a.body))}\n\nTrạng thái: ${STATUS_TEXT[a.status]} (${a.status})\nNgười nhận: ${audienceLabel(ctx, a.audience)}\n${scheduleLabel(a.schedule, tz)}\n${
      a.status === 'returned' ? `Góp ý của người duyệt: ${a.review.comment ?? ''}\n` : ''
    }`,
  );
}

function edit(): void {
  const id = idArg();
  const t = readText();
  const schedule = parseSchedule();
  const cur = ann.store.get(id) ?? fail(`Không có thông báo #${id}.`);
  const patch = {
    ...(t ? { title: t.title, body: t.body } : {}),
    ...(str('audience') ? { audience: parseAudience(str('audience')) } : {}),
    ...(schedule ? { schedule } : {}),
  };
  const editor = authorFor(ann.needsApproval({ ...cur, ...patch }));
  const ok = ann.edit(id, patch, editor?.key ?? 'cli');
  const now = ann.store.get(id)!;
  auditCli(env, editor, 'thongbao sua', ok ? 'ok' : 'failed', `#${id}${ok ? ` ${now.status}` : ''}`);
  if (!ok) return void process.stdout.write(`Thông báo #${id} không còn chờ gửi.\n`);
  process.stdout.write(`Đã sửa thông báo #${id}.\n${now.status === 'pending_approval' ? waitingLine(env, now) : ''}`);
}

function cancel(): void {
  const id = idArg();
  process.stdout.write(ann.cancel(id) ? `Đã hủy thông báo #${id}.\n` : `Thông báo #${id} không còn gì để hủy.\n`);
}

function resend(): void {
  const id = idArg();
  process.stdout.write(
    ann.runNow(id) ? `Thông báo #${id} sẽ được gửi lại ngay.\n` : `Không gửi lại được thông báo #${id}.\n`,
  );
}

await RUN[cmd!]?.();
db.close();
