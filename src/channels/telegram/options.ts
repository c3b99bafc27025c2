/**
 * Options of the Telegram channel.
 */
import type { Logger } from 'pino';
import type { Assistant } from '../../core/assistant.js';

/** Options of the Telegram channel (`TelegramChannel`). */
/** The window of the flood limit when `floodWindowMs` is not set. */
export const DEFAULT_FLOOD_WINDOW_MS = 3000;

export interface TelegramChannelOptions {
  token: string;
  apiRoot: string;
  assistant: Assistant;
  log: Logger;
  /** Set for webhook mode: updates arrive through `TelegramChannel.handleUpdate`. */
  webhook?: { url: string; secret: string };
  /** Long-poll timeout in seconds (default 30). */
  pollTimeoutSeconds?: number;
  /** Auto-retry limits for interactive replies. */
  retry?: { maxRetryAttempts: number; maxDelaySeconds: number };
  /** Messages per user allowed in `floodWindowMs` before a polite "slow down" (default 6 in 3 s; 0 turns it off). */
  floodLimit?: number;
  floodWindowMs?: number;
  /**
   * Where the flood counters live, in the Redis-like interface of `@grammyjs/ratelimiter`
   * (default: this process's memory; `floodClient` of storage/counters.ts keeps them in the database for several processes).
   */
  floodStore?: { incr(key: string): Promise<number>; pexpire(key: string, ms: number): Promise<number> };
  /** How long stop() waits for updates being handled (default 10 s). */
  stopTimeoutMs?: number;
  /** How often a connected bot checks that the Bot API answers (getMe; default 5 s, 0 turns it off). */
  healthProbeMs?: number;
}
