/**
 * The thread that talks to PostgreSQL for `PgDb` (see `db.ts`): the
 * storage API of the application is synchronous (better-sqlite3), so the
 * main thread waits (`bridge.ts`) for each statement's result.
 * One connection per process: the main thread sends one statement at a
 * time, so a transaction's statements always run in order on it, and each
 * statement says which schema (commune) it belongs to.
 */
import { workerData } from 'node:worker_threads';
import pg from 'pg';
import type { BridgeData } from './bridge.js';
import type { PgReply, PgRequest } from './protocol.js';

// As better-sqlite3 gives them: 64-bit integers, sums and averages as numbers, booleans as 1 and 0.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.BOOL, (v) => (v === 't' ? 1 : 0));

let client: pg.Client | undefined;
let url = '';
let schema = '';

/** Buffers cross the thread boundary as plain Uint8Arrays: pg needs Buffers for bytea. */
const toPg = (v: unknown) =>
  v instanceof Uint8Array && !Buffer.isBuffer(v) ? Buffer.from(v.buffer, v.byteOffset, v.byteLength) : v;

async function connected(to: string): Promise<pg.Client> {
  if (client && url === to) return client;
  await client?.end().catch(() => undefined);
  client = new pg.Client({ connectionString: to, application_name: 'tro-ly-xa' });
  client.on('error', () => {
    // A dropped connection: the next statement reconnects.
    client = undefined;
  });
  await client.connect();
  url = to;
  schema = '';
  return client;
}

async function inSchema(c: pg.Client, wanted: string): Promise<void> {
  if (schema === wanted) return;
  await c.query(`CREATE SCHEMA IF NOT EXISTS "${wanted}"; SET search_path TO "${wanted}"`);
  schema = wanted;
}

async function handle(req: PgRequest): Promise<PgReply> {
  try {
    if (req.op === 'close') {
      await client?.end();
      client = undefined;
      return { rows: [], rowCount: 0 };
    }
    const c = await connected(req.url);
    await inSchema(c, req.schema);
    if (req.op === 'exec') {
      await c.query(req.text);
      return { rows: [], rowCount: 0 };
    }
    const r = await c.query({ text: req.text, values: req.values.map(toPg) });
    return { rows: r.rows as Record<string, unknown>[], rowCount: r.rowCount ?? 0 };
  } catch (err) {
    const e = err as Error & { code?: string; detail?: string; position?: string };
    if (!client || (e.code === undefined && /connect|terminat/i.test(e.message))) schema = '';
    return { error: { message: e.message, code: e.code ?? '', detail: e.detail ?? '', position: e.position ?? '' } };
  }
}

const { flag, port } = workerData as BridgeData;
const woken = new Int32Array(flag);
// One request at a time, in order: a transaction's statements must not overtake each other.
let queue: Promise<void> = Promise.resolve();
port.on('message', ({ id, req }: { id: number; req: PgRequest }) => {
  queue = queue.then(async () => {
    const reply = await handle(req);
    port.postMessage({ id, reply });
    Atomics.store(woken, 0, 1);
    Atomics.notify(woken, 0);
  });
});
