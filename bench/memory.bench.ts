/**
 * Process memory (RSS) of the assistant with the whole application loaded
 * plus a search engine over 2,000 entries, after answering the evaluation
 * set: once as `npm start` runs it (tsx), once as `npm run serve` runs the
 * compiled build (plain node). Target: RSS under 150 MB.
 */
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const FLAGS = ['--max-semi-space-size=2', '--expose-gc'];
const probe = (args: string[]) =>
  JSON.parse(execFileSync(process.execPath, [...FLAGS, ...args], { cwd: root, encoding: 'utf8' }).trim().split('\n').pop()!) as {
    runtimeRss: string;
    rss: string;
    heapUsed: string;
    questions: number;
  };

const dev = probe(['--import', 'tsx', 'bench/memory-probe.ts']);
execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: root });
const prod = probe(['dist/bench/memory-probe.js']);
console.log('how it runs                         | runtime before app | RSS after | heap used');
console.log(`npm start (tsx)                     | ${dev.runtimeRss.padStart(18)} | ${dev.rss.padStart(9)} | ${dev.heapUsed}`);
console.log(`npm run serve (compiled, plain node) | ${prod.runtimeRss.padStart(18)} | ${prod.rss.padStart(9)} | ${prod.heapUsed}`);
console.log(`(whole app + 2,000-entry search engine, after ${dev.questions} questions; node ${FLAGS[0]}; target RSS < 150 MB)`);
