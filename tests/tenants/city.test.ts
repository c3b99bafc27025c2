import { rmSync } from 'node:fs';
import { request } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FakeTelegramServer } from '../fakes/telegram-server.js';
import { freePort } from '../helpers.js';
import { settle, textsTo } from '../telegram/harness.js';
import { parseConfig } from '../../src/config/index.js';
import { silentLogger } from '../../src/log/index.js';
import { createCity, type City } from '../../src/tenants/city.js';
import { SESSION_COOKIE } from '../../src/channels/web/session.js';
import { writeCity } from './fixtures.js';

let city: City | undefined;
let root = '';
afterEach(async () => {
  await city?.stop();
  city = undefined;
  if (root) rmSync(root, { recursive: true, force: true });
});

const web = { WEB_CHAT_ENABLED: 'true', WEB_SESSION_SECRET: 'city-web-secret-0123456789abcdef' };

async function ask(c: City, host: string, text: string) {
  const res = await c.inject({
    method: 'POST',
    url: '/api/chat/messages',
    headers: { host, 'content-type': 'application/json' },
    payload: JSON.stringify({ text }),
  });
  return { status: res.statusCode, body: res.body, cookie: res.cookies.find((x) => x.name === SESSION_COOKIE) };
}

describe('a city of communes on one server', () => {
  it('answers each commune at its own host, from its own profile', async () => {
    const w = writeCity([
      { id: 'an-bien', name: 'Phường An Biên', hotline: '0225 3111 111', env: web },
      { id: 'le-chan', name: 'Phường Lê Chân', hotline: '0225 3222 222', env: web },
    ]);
    root = w.root;
    city = await createCity(w.env, parseConfig(w.env), silentLogger);
    const a = await ask(city, 'an-bien.city.test', 'số điện thoại ubnd');
    const b = await ask(city, 'le-chan.city.test:3000', 'số điện thoại ubnd');
    expect(a.status).toBe(200);
    expect(a.body).toContain('0225 3111 111');
    expect(a.body).not.toContain('0225 3222 222');
    expect(b.body).toContain('0225 3222 222');
    const unknown = await ask(city, 'other.city.test', 'xin chào');
    expect(unknown.status).toBe(404);
    // Each commune has its own database file.
    const dbs = [...city.apps.values()].map((app) => app.config.databasePath);
    expect(new Set(dbs).size).toBe(2);
  });
});

/** A request to the city's real listening socket, with the Host header a proxy would pass. */
function post(port: number, host: string, path: string, body: unknown, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const data = JSON.stringify(body);
    const req = request(
      {
        port,
        host: '127.0.0.1',
        path,
        method: body === undefined ? 'GET' : 'POST',
        headers: { host, 'content-type': 'application/json', ...headers },
      },
      (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body === undefined ? undefined : data);
  });
}

describe('each commune’s own bot through the city’s one port', () => {
  const fakes: FakeTelegramServer[] = [];
  afterEach(async () => {
    for (const f of fakes.splice(0)) await f.stop();
  });

  it('routes each webhook to its commune, and refuses one commune’s secret at another’s address', async () => {
    const [fa, fb] = [
      await new FakeTelegramServer({ token: '111111:AAAA-commune-a-token-abcdefghijklmno' }).start(),
      await new FakeTelegramServer({ token: '222222:BBBB-commune-b-token-abcdefghijklmno' }).start(),
    ];
    fakes.push(fa!, fb!);
    const bot = (f: FakeTelegramServer, host: string, secret: string) => ({
      TELEGRAM_BOT_TOKEN: f.token,
      TELEGRAM_API_ROOT: f.apiRoot,
      TELEGRAM_WEBHOOK_URL: `https://${host}/webhooks/telegram`,
      TELEGRAM_WEBHOOK_SECRET: secret,
    });
    const port = await freePort();
    const w = writeCity(
      [
        {
          id: 'an-bien',
          name: 'Phường An Biên',
          hotline: '0225 3111 111',
          env: bot(fa!, 'an-bien.city.test', 'secret-of-an-bien-0001'),
        },
        {
          id: 'le-chan',
          name: 'Phường Lê Chân',
          hotline: '0225 3222 222',
          env: bot(fb!, 'le-chan.city.test', 'secret-of-le-chan-0002'),
        },
      ],
      { PORT: String(port), HOST: '127.0.0.1' },
    );
    root = w.root;
    city = await createCity(w.env, parseConfig(w.env), silentLogger);
    await city.start();
    // Each bot's webhook was set to its commune's address.
    expect(fa!.callsOf('setWebhook').at(-1)?.params.url).toBe('https://an-bien.city.test/webhooks/telegram');
    expect(fb!.callsOf('setWebhook').at(-1)?.params.url).toBe('https://le-chan.city.test/webhooks/telegram');
    const update = (f: FakeTelegramServer, id: number) => ({
      update_id: id,
      ...f.textUpdate('số điện thoại ubnd', { id: 5001, first_name: 'A' }),
    });
    const ok = await post(port, 'an-bien.city.test', '/webhooks/telegram', update(fa!, 1), {
      'x-telegram-bot-api-secret-token': 'secret-of-an-bien-0001',
    });
    expect(ok.status).toBe(200);
    const crossed = await post(port, 'le-chan.city.test:443', '/webhooks/telegram', update(fb!, 2), {
      'x-telegram-bot-api-secret-token': 'secret-of-an-bien-0001',
    });
    expect(crossed.status).toBe(401);
    await vi.waitFor(() => expect(textsTo(fa!, 5001).join('\n')).toContain('0225 3111 111'));
    await settle();
    expect(textsTo(fb!, 5001)).toEqual([]);
    // Any other host gets the city's own routes.
    const health = JSON.parse((await post(port, '127.0.0.1', '/healthz', undefined)).body) as {
      communes: Record<string, unknown>;
    };
    expect(Object.keys(health.communes)).toEqual(['an-bien', 'le-chan']);
  });
});
