/**
 * A fake zca-js `API` object with the surface the personal channel uses
 * (listener events, sendMessage, getOwnId, getCookie, getContext, group info).
 * zca-js's protocol is encrypted and its hosts are hard-coded, so the object
 * is faked rather than the network. Messages are shaped like zca-js's
 * `UserMessage` / `GroupMessage`. Reusable: records sends, scripts failures.
 */
import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import type { ZcaCredentials, ZcaSurface } from '../../src/channels/zalo-personal/zca-types.js';

/** A listener like zca-js's: `start` throws "Already started" when running. */
export class FakeListener extends EventEmitter {
  started = false;
  startCount = 0;
  start(): void {
    if (this.started) throw new Error('Already started');
    this.started = true;
    this.startCount++;
    queueMicrotask(() => this.emit('connected'));
  }
  stop(): void {
    this.started = false;
  }
}

/** One recorded send. */
export interface FakeSend {
  msg: string;
  threadId: string;
  type: number;
  at: number;
  /** Attachments as zca-js takes them (file paths here), when the message has any. */
  attachments?: string[];
}

/** The fake and its controls. */
export interface FakeZca {
  api: ZcaSurface;
  listener: FakeListener;
  sent: FakeSend[];
  ownId: string;
  /** Cookie value; change it to simulate rotation. */
  cookieValue: string;
  /** The next send throws this. */
  failNextSend(e: Error): void;
  /** Emits a text message (group when `group` is set). */
  emitText(p: {
    threadId: string;
    from: string;
    text: string;
    group?: boolean;
    self?: boolean;
    mentionMe?: boolean;
    name?: string;
  }): void;
  /** Emits a photo message. */
  emitPhoto(p: { threadId: string; from: string; group?: boolean }): void;
  /** Emits `closed` with a zca-js close code (1000, 1006, 3000, 3003). */
  closed(code: 1000 | 1006 | 3000 | 3003): void;
}

/** A zca-js style error (`ZaloApiError`). */
export function zcaError(message: string, code: number | null): Error {
  return Object.assign(new Error(message), { name: 'ZcaApiError', code });
}

/** Credentials as `npm run zalo:login` saves them. */
export const FAKE_CREDS: ZcaCredentials = {
  imei: 'fake-imei-0001',
  userAgent: 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0',
  language: 'vi',
  cookie: [{ key: 'zpw_sek', value: 'cookie-v1', domain: 'chat.zalo.me', path: '/' }],
};

/** Builds a fake; `ownId` is the logged-in account's uid. */
export function makeFakeZca(ownId = '100', now: () => number = Date.now): FakeZca {
  const listener = new FakeListener();
  const sent: FakeSend[] = [];
  let failNext: Error | null = null;
  const fake: FakeZca = {
    listener,
    sent,
    ownId,
    cookieValue: 'cookie-v1',
    api: undefined as unknown as ZcaSurface,
    failNextSend: (e) => {
      failNext = e;
    },
    emitText: (p) => {
      const content = p.mentionMe ? `@Cán bộ xã ${p.text}` : p.text;
      const data = {
        msgId: randomUUID(),
        cliMsgId: '1',
        msgType: 'webchat',
        uidFrom: p.self ? '0' : p.from,
        idTo: p.group ? p.threadId : ownId,
        dName: p.name ?? 'Người dân',
        ts: String(now()),
        content,
        ...(p.group
          ? { mentions: p.mentionMe ? [{ uid: ownId, pos: 0, len: '@Cán bộ xã'.length, type: 0 }] : undefined }
          : {}),
      };
      listener.emit('message', { type: p.group ? 1 : 0, threadId: p.threadId, isSelf: Boolean(p.self), data });
    },
    emitPhoto: (p) => {
      listener.emit('message', {
        type: p.group ? 1 : 0,
        threadId: p.threadId,
        isSelf: false,
        data: {
          msgId: randomUUID(),
          cliMsgId: '2',
          msgType: 'chat.photo',
          uidFrom: p.from,
          idTo: ownId,
          dName: 'Người dân',
          ts: String(now()),
          content: { href: 'https://x/y.jpg' },
        },
      });
    },
    closed: (code) => {
      listener.started = false;
      listener.emit('closed', code, 'test');
    },
  };
  fake.api = {
    listener,
    getOwnId: () => ownId,
    sendMessage: async (msg: unknown, threadId: string, type = 0) => {
      if (failNext) {
        const e = failNext;
        failNext = null;
        throw e;
      }
      const m = typeof msg === 'string' ? { msg } : (msg as { msg: string; attachments?: string | string[] });
      const attachments = m.attachments === undefined ? undefined : [m.attachments].flat();
      sent.push({ msg: m.msg, threadId, type, at: now(), ...(attachments ? { attachments } : {}) });
      return { message: { msgId: sent.length }, attachment: [] };
    },
    getCookie: () => ({
      toJSON: () => ({ cookies: [{ key: 'zpw_sek', value: fake.cookieValue, domain: 'chat.zalo.me', path: '/' }] }),
    }),
    getContext: () => ({ imei: FAKE_CREDS.imei, userAgent: FAKE_CREDS.userAgent, language: 'vi' }),
    getAllGroups: async () => ({ version: '1', gridVerMap: { g1: '1' } }),
    getGroupInfo: async () => ({
      removedsGroup: [],
      unchangedsGroup: [],
      gridInfoMap: { g1: { groupId: 'g1', name: 'Thôn Đông', memberIds: [], memVerList: ['200_0'], currentMems: [] } },
    }),
    getGroupMembersInfo: async () => ({
      profiles: { '200': { id: '200', displayName: 'Bác Tư', zaloName: 'Tu' } },
      unchangeds_profile: [],
    }),
  } as unknown as ZcaSurface;
  return fake;
}
