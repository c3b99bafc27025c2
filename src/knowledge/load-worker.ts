/**
 * The worker of `loadKnowledgeOffThread`: loads and validates the
 * folder named in `workerData` and posts the result back (structured clone).
 * Started by `load-off-thread.ts`, never directly.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadKnowledgeSafely, type WorkerInput } from './load-off-thread.js';

if (!parentPort) {
  throw new Error(
    'load-worker runs inside a worker started by loadKnowledgeOffThread (src/knowledge/load-off-thread.ts)',
  );
}
const input = workerData as WorkerInput;
parentPort.postMessage(loadKnowledgeSafely(input.dir, [], input.options));
