import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { botApiFetch } from '../../src/channels/telegram/http-fetch.js';

let server: Server;
let base = '';
const seen: { method?: string; type?: string; length?: string; body: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({
        method: req.method,
        type: req.headers['content-type'],
        length: req.headers['content-length'],
        body: Buffer.concat(chunks).toString('utf8'),
      });
      if (req.url === '/slow') return void setTimeout(() => res.end('{}'), 2000);
      res.writeHead(req.url === '/bad' ? 400 : 200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: req.url !== '/bad', result: 'đã nhận' }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

describe('botApiFetch (the fetch grammY uses)', () => {
  it('POSTs a JSON string with its length and reads the JSON answer, errors included', async () => {
    const body = JSON.stringify({ chat_id: 1, text: 'Xin chào bạn' });
    const res = await botApiFetch(`${base}/bot1:x/sendMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, result: 'đã nhận' });
    expect(seen.at(-1)).toEqual({
      method: 'POST',
      type: 'application/json',
      length: String(Buffer.byteLength(body)),
      body,
    });
    const bad = await botApiFetch(`${base}/bad`, { method: 'POST', body: '{}' });
    expect([bad.status, bad.ok]).toEqual([400, false]);
    expect(await bad.json()).toMatchObject({ ok: false });
  });

  it('streams a multipart body (uploads)', async () => {
    const res = await botApiFetch(`${base}/upload`, {
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data; boundary=x' },
      body: Readable.from([Buffer.from('--x\r\n'), Buffer.from('phần 2\r\n--x--')]),
    });
    expect(res.ok).toBe(true);
    expect(seen.at(-1)?.body).toBe('--x\r\nphần 2\r\n--x--');
  });

  it('stops when the signal aborts (grammY timeout) and reports network errors with their code', async () => {
    const ctl = new AbortController();
    setTimeout(() => ctl.abort(), 50);
    await expect(botApiFetch(`${base}/slow`, { method: 'POST', body: '{}', signal: ctl.signal })).rejects.toMatchObject(
      {
        name: 'AbortError',
      },
    );
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    await expect(botApiFetch(`http://127.0.0.1:${port}/x`, { method: 'POST', body: '{}' })).rejects.toMatchObject({
      code: 'ECONNREFUSED',
    });
  });
});
