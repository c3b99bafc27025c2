/**
 * Types of the zca-js library at the adapter boundary.
 *
 * zca-js 2.2.0's root `index.d.ts` re-exports `./dist` without a file
 * extension, which TypeScript's NodeNext resolution rejects (every import from
 * "zca-js" loses its types). The declarations are therefore imported from the
 * package's own `dist/index.d.ts` by path, type-only (erased at runtime; the
 * runtime import stays `import("zca-js")`).
 */
import type { API, Credentials, Message, Zalo } from '../../../node_modules/zca-js/dist/index.js';

export type { API as ZcaApi, Credentials as ZcaCredentials, Message as ZcaMessage, Zalo as ZcaZalo };

/** The part of the zca-js `API` object this adapter uses (a fake implements the same). */
export type ZcaSurface = Pick<API, 'sendMessage' | 'getOwnId' | 'getCookie' | 'getContext'> & {
  listener: Pick<API['listener'], 'on' | 'off' | 'start' | 'stop' | 'removeAllListeners'>;
};

/** Thread types of zca-js (`ThreadType.User = 0`, `ThreadType.Group = 1`). */
export const THREAD_USER = 0;
/** See {@link THREAD_USER}. */
export const THREAD_GROUP = 1;

/** Close codes of the zca-js listener (`CloseReason`). */
export const CLOSE = { manual: 1000, abnormal: 1006, duplicate: 3000, kicked: 3003 } as const;

/** The zca-js module with its real types (see the note at the top of this file). */
export type ZcaModule = typeof import('../../../node_modules/zca-js/dist/index.js');

/** Loads zca-js at runtime (only when the personal channel or the login CLI runs). */
export async function loadZcaJs(): Promise<ZcaModule> {
  return (await import('zca-js')) as unknown as ZcaModule;
}
