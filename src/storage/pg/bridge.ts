/**
 * The synchronous call from the main thread to the PostgreSQL thread
 * (`worker.ts`): the request goes through a MessagePort, the main thread
 * sleeps on a shared flag (`Atomics.wait`) until the worker has posted its
 * reply, then takes it off the port (`receiveMessageOnPort`). This is the
 * technique of synckit, written out here because synckit cannot start a
 * TypeScript worker under Node 20 with tsx (see `worker-launch.ts`).
 */
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { launchOf } from '../../worker-launch.js';
import type { PgReply, PgRequest } from './protocol.js';

/** Longest wait for one statement before the call fails (a lost server must not hang the assistant forever). */
const CALL_TIMEOUT_MS = 30_000;

/** What the worker receives as `workerData` (besides the launch's own). */
export interface BridgeData {
  flag: SharedArrayBuffer;
  port: MessagePort;
}

let current: ((req: PgRequest) => PgReply) | undefined;

/** The process's bridge, started on first use; the worker never keeps the process alive. */
export function pgCall(): (req: PgRequest) => PgReply {
  if (current) return current;
  const flagBuffer = new SharedArrayBuffer(4);
  const flag = new Int32Array(flagBuffer);
  const { port1, port2 } = new MessageChannel();
  const launch = launchOf(import.meta.url, 'worker');
  const worker = new Worker(launch.script, {
    eval: launch.eval,
    workerData: { ...launch.data, flag: flagBuffer, port: port2 } satisfies Partial<BridgeData> & object,
    transferList: [port2],
  });
  worker.unref();
  port1.unref();
  const state: { failure?: Error } = {};
  worker.on('error', (err) => {
    state.failure = err;
  });
  const stopped = () =>
    state.failure ? new Error(`the PostgreSQL worker stopped: ${state.failure.message}`) : undefined;
  let nextId = 0;
  current = (req) => {
    const down = stopped();
    if (down) throw down;
    const id = nextId++;
    port1.postMessage({ id, req });
    const deadline = Date.now() + CALL_TIMEOUT_MS;
    // As synckit does: after each wake, take what the port holds; a wake without our reply (or a
    // reply to an earlier call) means wait again, never return someone else's result.
    for (;;) {
      Atomics.wait(flag, 0, 0, 50);
      Atomics.store(flag, 0, 0);
      for (let got = receiveMessageOnPort(port1); got; got = receiveMessageOnPort(port1)) {
        const m = got.message as { id: number; reply: PgReply };
        if (m.id === id) return m.reply;
      }
      const lost = stopped();
      if (lost) throw lost;
      if (Date.now() > deadline) throw new Error(`PostgreSQL did not answer within ${CALL_TIMEOUT_MS / 1000} s`);
    }
  };
  return current;
}
