/**
 * `npm run lint` part two: import cycles. Fails on any cycle of runtime
 * imports, and on any cycle of type imports that crosses parts (the first
 * folder under src/, e.g. admin → app → admin). A type cycle inside one part
 * (core's TurnContext naming its Assistant) is how a part describes itself
 * and is allowed; a part reaching back into another, or into the
 * composition root, is not. `tsx scripts/check-cycles.ts [folder]` (default src).
 */
import madge from 'madge';

const partOf = (file: string) => file.split('/')[0] ?? file;

const root = process.argv[2] ?? 'src';

async function cycles(skipTypeImports: boolean): Promise<string[][]> {
  const res = await madge(root, {
    fileExtensions: ['ts'],
    tsConfig: 'tsconfig.json',
    detectiveOptions: { ts: { skipTypeImports } },
  });
  return res.circular();
}

const runtime = await cycles(true);
const crossing = (await cycles(false)).filter((c) => new Set(c.map(partOf)).size > 1);
for (const c of runtime) process.stderr.write(`Vòng lặp import khi chạy: ${c.join(' → ')} → ${c[0]}\n`);
for (const c of crossing) process.stderr.write(`Vòng lặp kiểu giữa các phần: ${c.join(' → ')} → ${c[0]}\n`);
if (runtime.length + crossing.length > 0) {
  process.stderr.write('Bạn tách phần dùng chung ra một mô-đun riêng (xem docs/architecture.md).\n');
  process.exit(1);
}
process.stdout.write('Không có vòng lặp import.\n');
