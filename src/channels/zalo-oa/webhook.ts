/**
 * `POST /webhooks/zalo-oa`: verifies `X-ZEvent-Signature` over the raw body,
 * refuses events older than the configured window (their signed `timestamp`),
 * rejects bodies that are not a JSON object (400), accepts the rest once
 * (duplicates by message id are answered 200 and dropped) and answers 200
 * before any processing happens.
 *
 * A signed event that does not match the event schema (a field missing or of
 * another type, perhaps a format change on Zalo's side) is acknowledged with
 * **200 `ok:false`** and processed as nothing: it came from Zalo, and
 * answering 4xx would only make Zalo retry it and, after repeated failures,
 * switch the webhook off. It is counted in `/metrics` and logged as one
 * warning line with the channel and the event name, never the payload.
 *
 * A missing or wrong signature, or a stale event, is answered **200 with
 * `ok:false`** and nothing processed: Zalo retries non-2xx deliveries and
 * may switch the webhook off after repeated failures, so a mistyped
 * `ZALO_OA_SECRET_KEY` must not get it disabled. The mistake shows in the
 * log instead (one warning, then at most one a minute with the count).
 * `GET /webhooks/zalo-oa` answers 200 for the console's URL check.
 */
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { type RejectionCounter, RejectionLog } from '../../http/rejections.js';
import type { ZaloOaChannel } from './channel.js';
import { parseOaEvent } from './events.js';
import { verifyOaSignature } from './signature.js';

/** The webhook path. */
export const OA_WEBHOOK_PATH = '/webhooks/zalo-oa';

/** Default age past which an event is refused (Zalo's own retries end within about 2 hours). */
export const DEFAULT_OA_EVENT_MAX_AGE_MS = 180 * 60_000;
/** Clock skew allowed for timestamps ahead of ours. */
const FUTURE_SKEW_MS = 10 * 60_000;

/** Options of {@link registerOaWebhook}. */
export interface OaWebhookOptions {
  channel: Pick<ZaloOaChannel, 'accept'>;
  oaSecretKey: string;
  log: Logger;
  /** Events whose timestamp is older than this are refused (default 3 hours). */
  maxAgeMs?: number;
  now?: () => number;
  /** Counts refused and dropped calls (`/metrics`). */
  rejected?: RejectionCounter;
}

/** The event name of a body for a log line: only a plausible name (letters, digits, `_`), never other content. */
export function loggableEventName(body: object): string {
  const name = (body as { event_name?: unknown }).event_name;
  return typeof name === 'string' && /^[a-z0-9_]{1,64}$/i.test(name) ? name : '(none)';
}

/** Why an event's timestamp is not acceptable, or undefined when it is fresh. */
export function staleReason(body: object, maxAgeMs: number, now: number): string | undefined {
  const raw = (body as { timestamp?: unknown }).timestamp;
  const ts = typeof raw === 'string' || typeof raw === 'number' ? Number(raw) : NaN;
  if (!Number.isFinite(ts)) return 'event without timestamp';
  if (now - ts > maxAgeMs) return 'event older than ZALO_OA_EVENT_MAX_AGE_MINUTES';
  if (ts - now > FUTURE_SKEW_MS) return 'event timestamp in the future';
  return undefined;
}

/** Registers the OA webhook routes on the HTTP server. */
export function registerOaWebhook(http: FastifyInstance, opts: OaWebhookOptions): void {
  const now = opts.now ?? Date.now;
  const rejections = new RejectionLog(opts.log, 'zalo-oa', 60_000, now, opts.rejected);
  const stale = new RejectionLog(opts.log, 'zalo-oa', 60_000, now, opts.rejected);
  http.get(OA_WEBHOOK_PATH, async (_req, reply) => reply.code(200).send({ ok: true }));
  http.post(OA_WEBHOOK_PATH, async (req, reply) => {
    const sig = req.headers['x-zevent-signature'];
    if (typeof sig !== 'string' || sig.length === 0) {
      rejections.note('missing X-ZEvent-Signature');
      return reply.code(200).send({ ok: false, error: 'missing signature' });
    }
    const raw = req.rawBody;
    if (
      !raw ||
      req.body === undefined ||
      typeof req.body !== 'object' ||
      req.body === null ||
      Array.isArray(req.body)
    ) {
      return reply.code(400).send({ ok: false, error: 'malformed body' });
    }
    if (!verifyOaSignature(raw, req.body, sig, opts.oaSecretKey)) {
      rejections.note('wrong signature (check ZALO_OA_SECRET_KEY)');
      return reply.code(200).send({ ok: false, error: 'bad signature' });
    }
    const parsed = parseOaEvent(req.body);
    if (!parsed.ok) {
      opts.rejected?.inc({ channel: 'zalo-oa', reason: 'malformed' });
      opts.log.warn(
        { channel: 'zalo-oa', event: loggableEventName(req.body) },
        'signed webhook event not understood: acknowledged (200), nothing processed',
      );
      return reply.code(200).send({ ok: false, error: 'malformed event' });
    }
    const old = staleReason(req.body, opts.maxAgeMs ?? DEFAULT_OA_EVENT_MAX_AGE_MS, now());
    if (old) {
      stale.note(old, 'stale');
      return reply.code(200).send({ ok: false, error: 'stale event' });
    }
    const fresh = opts.channel.accept(parsed.event);
    return reply.code(200).send({ ok: true, ...(fresh ? {} : { duplicate: true }) });
  });
}
