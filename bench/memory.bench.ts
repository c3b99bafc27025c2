/**
 * Process memory (RSS) of the assistant with the whole application and the
 * shipped knowledge as it is (`knowledge/catalog/` included when present),
 * after answering the evaluation set, then with a search engine over a
 * synthetic 2,000-entry knowledge base on top: once as `npm start` runs it
 * (tsx), once as `npm run serve` runs the compiled build (plain node).
 * Target: RSS under 150 MB.
 */
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const FLAGS = ['--max-semi-space-size=2', '--expose-gc'];
interface Probe {
  runtimeRss: string;
  rss: string;
  heapUsed: string;
  rss2k: string;
  heapUsed2k: string;
  entries: number;
  catalog: boolean;
  questions: number;
}
const probe = (args: string[]) =>
  JSON.parse(
    execFileSync(process.execPath, [...FLAGS, ...args], { cwd: root, encoding: 'utf8' })
      .trim()
      .split('\n')
      .pop()!,
  ) as Probe;

const dev = probe(['--import', 'tsx', 'bench/memory-probe.ts']);
execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
  cwd: root,
});
const prod = probe(['dist/bench/memory-probe.js']);
const kb = `shipped knowledge, ${dev.entries} entries${dev.catalog ? ' with catalog/' : ', no catalog/'}`;
console.log(`| how it runs | runtime before app | RSS, ${kb} | heap used | RSS + 2,000-entry engine | heap used |`);
console.log('|---|---|---|---|---|---|');
for (const [name, p] of [
  ['npm start (tsx)', dev],
  ['npm run serve (compiled, plain node)', prod],
] as const) {
  console.log(`| ${name} | ${p.runtimeRss} | ${p.rss} | ${p.heapUsed} | ${p.rss2k} | ${p.heapUsed2k} |`);
}
console.log(`\n(after ${dev.questions} questions through the assistant; node ${FLAGS[0]}; target RSS < 150 MB)`);
