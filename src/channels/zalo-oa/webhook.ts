/**
 * `POST /webhooks/zalo-oa`: verifies `X-ZEvent-Signature` over the raw body
 * (401 when missing or forged, nothing processed), rejects malformed events
 * (400), accepts the rest once (duplicates by message id are answered 200 and
 * dropped) and answers 200 before any processing happens.
 */
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { ZaloOaChannel } from './channel.js';
import { parseOaEvent } from './events.js';
import { verifyOaSignature } from './signature.js';

/** The webhook path. */
export const OA_WEBHOOK_PATH = '/webhooks/zalo-oa';

/** Options of {@link registerOaWebhook}. */
export interface OaWebhookOptions {
  channel: Pick<ZaloOaChannel, 'accept'>;
  oaSecretKey: string;
  log: Logger;
}

/** Registers the OA webhook route on the HTTP server. */
export function registerOaWebhook(http: FastifyInstance, opts: OaWebhookOptions): void {
  http.post(OA_WEBHOOK_PATH, async (req, reply) => {
    const sig = req.headers['x-zevent-signature'];
    if (typeof sig !== 'string' || sig.length === 0) {
      opts.log.warn({ channel: 'zalo-oa' }, 'webhook without signature rejected');
      return reply.code(401).send({ ok: false, error: 'missing signature' });
    }
    const raw = req.rawBody;
    if (!raw || req.body === undefined || typeof req.body !== 'object' || req.body === null || Array.isArray(req.body)) {
      return reply.code(400).send({ ok: false, error: 'malformed body' });
    }
    if (!verifyOaSignature(raw, req.body, sig, opts.oaSecretKey)) {
      opts.log.warn({ channel: 'zalo-oa' }, 'webhook with a wrong signature rejected');
      return reply.code(401).send({ ok: false, error: 'bad signature' });
    }
    const parsed = parseOaEvent(req.body);
    if (!parsed.ok) {
      opts.log.warn({ channel: 'zalo-oa', reason: parsed.reason }, 'malformed webhook event');
      return reply.code(400).send({ ok: false, error: 'malformed event' });
    }
    const fresh = opts.channel.accept(parsed.event);
    return reply.code(200).send({ ok: true, ...(fresh ? {} : { duplicate: true }) });
  });
}
