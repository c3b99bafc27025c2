/**
 * Prometheus metrics (prom-client) on `GET /metrics`: messages in and
 * replies out per channel, answer latency, sends and rate-limited sends
 * (429) per channel, the broadcast queue depth, channel states, and the
 * default process metrics. Optionally protected by `METRICS_TOKEN`
 * (`Authorization: Bearer <token>`). Labels never carry user ids or text.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Assistant } from '../core/assistant.js';
import type { Channel, ChannelName, SendOptions } from '../core/types.js';
import type { Db } from '../storage/db.js';
import { broadcastQueueDepth } from './health.js';

/**
 * The app's metrics, in a registry of its own (several apps can run in one process in tests).
 *
 * @example
 * ```ts
 * const metrics = new Metrics({ db, channels });
 * metrics.instrument(channel); // counts sends by channel, purpose and result
 * metrics.observe(assistant);
 * registerMetrics(http, metrics, config.METRICS_TOKEN);
 * ```
 */
export class Metrics {
  readonly registry = new Registry();
  readonly messagesIn: Counter<'channel'>;
  readonly repliesOut: Counter<'channel'>;
  readonly answerSeconds: Histogram<'channel'>;
  readonly sends: Counter<'channel' | 'purpose' | 'result'>;
  readonly rateLimited: Counter<'channel'>;
  readonly webhookRejected: Counter<'channel' | 'reason'>;

  /** `options.process: false` leaves out the process's own metrics (memory, CPU), collected once elsewhere. */
  constructor(sources: { db: Db; channels: ReadonlyMap<ChannelName, Channel> }, options: { process?: boolean } = {}) {
    const registers = [this.registry];
    if (options.process !== false) collectDefaultMetrics({ register: this.registry });
    this.messagesIn = new Counter({
      name: 'tro_ly_xa_messages_in_total',
      help: 'Messages received from people, per channel',
      labelNames: ['channel'],
      registers,
    });
    this.repliesOut = new Counter({
      name: 'tro_ly_xa_replies_out_total',
      help: 'Replies the assistant gave, per channel',
      labelNames: ['channel'],
      registers,
    });
    this.answerSeconds = new Histogram({
      name: 'tro_ly_xa_answer_seconds',
      help: 'Time to compute the replies to one message',
      labelNames: ['channel'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    });
    this.sends = new Counter({
      name: 'tro_ly_xa_sends_total',
      help: 'Channel send() calls (replies on Zalo, broadcasts, ticket answers) by result',
      labelNames: ['channel', 'purpose', 'result'],
      registers,
    });
    this.rateLimited = new Counter({
      name: 'tro_ly_xa_rate_limited_total',
      help: 'Sends the platform refused as rate limited (429)',
      labelNames: ['channel'],
      registers,
    });
    this.webhookRejected = new Counter({
      name: 'tro_ly_xa_webhook_rejected_total',
      help: 'Webhook calls refused or dropped: wrong secret or signature, stale, or signed but not understood',
      labelNames: ['channel', 'reason'],
      registers,
    });
    new Gauge({
      name: 'tro_ly_xa_broadcast_queue_depth',
      help: 'Announcement messages waiting to be sent',
      registers,
      collect() {
        this.set(broadcastQueueDepth(sources.db) ?? 0);
      },
    });
    new Gauge({
      name: 'tro_ly_xa_channel_up',
      help: '1 when the channel is connected, 0 otherwise',
      labelNames: ['channel'],
      registers,
      collect() {
        for (const [name, ch] of sources.channels)
          this.set({ channel: name }, (ch.health?.().state ?? 'connected') === 'connected' ? 1 : 0);
      },
    });
  }

  /** Counts every message the assistant handles, its replies and the time taken. */
  observe(assistant: Assistant): void {
    assistant.useFirst(async (ctx, next) => {
      const channel = ctx.message.channel;
      this.messagesIn.inc({ channel });
      const end = this.answerSeconds.startTimer({ channel });
      try {
        await next();
      } finally {
        end();
        if (ctx.replies.length > 0) this.repliesOut.inc({ channel }, ctx.replies.length);
      }
    });
  }

  /** Wraps a channel's send() to count sends and 429s. */
  instrument(ch: Channel): void {
    const send = ch.send.bind(ch);
    ch.send = async (chatId: string, reply, opts?: SendOptions) => {
      const r = await send(chatId, reply, opts);
      const purpose = opts?.purpose ?? 'reply';
      this.sends.inc({ channel: ch.name, purpose, result: r.ok ? 'ok' : r.kind });
      if (!r.ok && r.kind === 'rate_limited') this.rateLimited.inc({ channel: ch.name });
      return r;
    };
  }
}

/**
 * Registers `GET /metrics`; with a token, other callers get 401.
 *
 * @example
 * ```ts
 * registerMetrics(http, metrics, 's3cret'); // GET /metrics needs "Authorization: Bearer s3cret"
 * ```
 */
export function registerMetrics(http: FastifyInstance, metrics: Pick<Metrics, 'registry'>, token?: string): void {
  http.get('/metrics', async (req, reply) => {
    if (token) {
      const auth = req.headers.authorization ?? '';
      const given = auth.startsWith('Bearer ') ? auth.slice(7) : '';
      if (!sameSecret(given, token)) return reply.code(401).header('www-authenticate', 'Bearer').send('unauthorized\n');
    }
    const body = await metrics.registry.metrics();
    return reply
      .code(200)
      .header('content-type', metrics.registry.contentType)
      .header('cache-control', 'no-store')
      .send(body);
  });
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
