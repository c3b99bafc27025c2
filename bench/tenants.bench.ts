/**
 * A city installation (`TENANTS_DIR`): one process serving 1 and 114
 * communes of Hải Phòng (the city's number of communes and wards after the
 * 2025 rearrangement), each with its own database, the web chat and the
 * console on. Reports start time, RSS per process and per commune, and
 * questions answered per second across the communes (round robin, none
 * answered from an engine's cache of recent outcomes), with the same 114
 * communes not sharing the parsed catalogue and its index, for comparison.
 */
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
interface Probe {
  communes: number;
  share: boolean;
  startS: string;
  rssLoadedMb: number;
  rssAfterMb: number;
  heapMb: number;
  perCommuneMb: string;
  questions: number;
  perSecond: number;
  p50: string;
  p99: string;
}
const probe = (...args: string[]) =>
  JSON.parse(
    execFileSync(
      process.execPath,
      [
        '--max-semi-space-size=2',
        '--expose-gc',
        '--max-old-space-size=8192',
        '--import',
        'tsx',
        'bench/tenants-probe.ts',
        ...args,
      ],
      { cwd: root, encoding: 'utf8' },
    )
      .trim()
      .split('\n')
      .pop()!,
  ) as Probe;

const runs = [probe('1'), probe('114'), probe('114', 'unshared')];
console.log(
  '| communes | catalogue shared | start | RSS after questions | heap used | RSS per commune | questions/s | p50 | p99 |',
);
console.log('|---|---|---|---|---|---|---|---|---|');
for (const r of runs)
  console.log(
    `| ${r.communes} | ${r.share ? 'yes' : 'no'} | ${r.startS} s | ${r.rssAfterMb} MB | ${r.heapMb} MB | ${r.perCommuneMb} MB | ${r.perSecond} (${r.questions} questions) | ${r.p50} ms | ${r.p99} ms |`,
  );
console.log(
  '\n(one process; each question through the whole assistant: search, reply, question log in the commune’s database)',
);
