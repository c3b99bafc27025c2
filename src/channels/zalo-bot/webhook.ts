/**
 * `POST /webhooks/zalo-bot`: checks `X-Bot-Api-Secret-Token` in constant time
 * (401 when missing or wrong: the app sets this secret itself with setWebhook,
 * so only a forged call or a second deployment fails it; one warning line,
 * then at most one a minute with the count), rejects bodies that are not updates (400),
 * accepts the rest once and answers 200 before processing.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { type RejectionCounter, RejectionLog } from '../../http/rejections.js';
import type { ZaloBotChannel } from './channel.js';

/** The webhook path. */
export const BOT_WEBHOOK_PATH = '/webhooks/zalo-bot';

/** Constant-time string comparison. */
export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Registers the Bot Platform webhook route. */
export function registerBotWebhook(
  http: FastifyInstance,
  opts: { channel: Pick<ZaloBotChannel, 'acceptBody'>; secret: string; log: Logger; rejected?: RejectionCounter },
): void {
  const rejections = new RejectionLog(opts.log, 'zalo-bot', 60_000, Date.now, opts.rejected);
  http.post(BOT_WEBHOOK_PATH, async (req, reply) => {
    const got = req.headers['x-bot-api-secret-token'];
    if (typeof got !== 'string' || !safeEqual(got, opts.secret)) {
      rejections.note('wrong or missing X-Bot-Api-Secret-Token');
      return reply.code(401).send({ ok: false, error: 'unauthorized' });
    }
    const r = opts.channel.acceptBody(req.body);
    if (!r.ok) return reply.code(400).send({ ok: false, error: 'malformed update' });
    return reply.code(200).send({ ok: true });
  });
}
