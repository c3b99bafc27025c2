/**
 * Helpers for the Zalo tests: an application built from a configuration
 * (in-memory database, silent logger) and small waiting utilities.
 */
import { createApp, type App } from '../../src/app/app.js';
import { parseConfig } from '../../src/config/index.js';
import { OaApi } from '../../src/channels/zalo-oa/api.js';
import { OaTokenStore } from '../../src/channels/zalo-oa/token-store.js';
import { silentLogger } from '../../src/log/index.js';
import type { Db } from '../../src/storage/db.js';

/** The knowledge folder used by the end-to-end tests (the shipped one). */
export const KB_DIR = process.env.ZALO_TEST_KB ?? 'knowledge';

/** OA credentials shared by the tests and the fake server. */
export const OA = {
  appId: '1234567890',
  appSecret: 'APP_SECRET_TEST',
  oaSecret: 'OA_SECRET_TEST',
  accessToken: 'AT-initial',
  refreshToken: 'RT-initial',
};

/** Builds the app with extra environment variables. */
export async function zaloTestApp(env: Record<string, string>): Promise<App> {
  const config = parseConfig({
    DATABASE_PATH: ':memory:',
    LOG_LEVEL: 'silent',
    KNOWLEDGE_DIR: KB_DIR,
    USER_ID_SALT: 'zalo-test-salt-0123456789',
    // The first-contact notice has its own tests (tests/privacy); here it would add a reply to each first message.
    PRIVACY_NOTICE: 'false',
    ...env,
  });
  return createApp(config, silentLogger);
}

/** Environment for the OA channel against a fake server at `url`. */
export function oaEnv(url: string): Record<string, string> {
  return {
    ZALO_OA_APP_ID: OA.appId,
    ZALO_OA_APP_SECRET: OA.appSecret,
    ZALO_OA_SECRET_KEY: OA.oaSecret,
    ZALO_OA_ACCESS_TOKEN: OA.accessToken,
    ZALO_OA_REFRESH_TOKEN: OA.refreshToken,
    ZALO_OA_API_BASE: url,
    ZALO_OAUTH_BASE: url,
  };
}

/** Polls until `check` is true (real timers), failing after `ms`. */
export async function waitFor(check: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** The title of a knowledge entry, to check that the right procedure was answered. */
export function entryTitle(app: App, id: string): string {
  const e = app.knowledge.kb.entries.find((x) => x.id === id);
  if (!e) throw new Error(`no entry ${id}`);
  return e.title;
}

/** A token store holding the test OA's tokens, and an OA API client on it, both against the fake at `url`. */
export function oaClient(db: Db, url: string, now: () => number): { tokens: OaTokenStore; api: OaApi } {
  const tokens = new OaTokenStore({
    db,
    log: silentLogger,
    appId: OA.appId,
    appSecret: OA.appSecret,
    oauthBase: url,
    initial: { accessToken: OA.accessToken, refreshToken: OA.refreshToken },
    now,
  });
  return { tokens, api: new OaApi({ apiBase: url, tokens, now }) };
}
