/**
 * The one argument parser of the command-line tools, on `node:util`
 * `parseArgs`: Vietnamese messages for misuse (exit 2, see {@link EXIT}),
 * a suggestion for a mistyped option, and `--help` generated from the spec.
 *
 * @example
 * ```ts
 * const { values, positionals } = parseCli({
 *   command: 'npm run kb:check --',
 *   usage: '[thư-mục] [--verbose]',
 *   summary: 'kiểm tra cơ sở tri thức',
 *   options: { verbose: { type: 'boolean', help: 'liệt kê thêm' } },
 *   positionals: { max: 1 },
 * });
 * ```
 */
import { parseArgs } from 'node:util';
import { didYouMean } from '../core/did-you-mean.js';
import { EXIT, TxaError } from '../errors.js';

/** One option: `--name`, its help line and, for a string, the value shown in help. */
export interface OptionSpec {
  type: 'string' | 'boolean';
  /** One letter, e.g. `-o`. */
  short?: string;
  /** The value's placeholder in help, e.g. `<tệp>` (string options). */
  value?: string;
  help: string;
}

/** A tool's arguments. */
export interface CliSpec<O extends Record<string, OptionSpec>> {
  /** How it is run, e.g. `npm run report --`. */
  command: string;
  /** The usage after the command, e.g. `--quarter 2026Q1 [--out thư-mục]`. */
  usage: string;
  /** Extra lines under the usage (already indented, or not). */
  summary?: string;
  options: O;
  /** Positional arguments accepted (none by default). */
  positionals?: { max?: number };
}

/** What was given: option values by name, and the positional arguments. */
export interface CliArgs<O extends Record<string, OptionSpec>> {
  values: { [K in keyof O]?: O[K]['type'] extends 'string' ? string : boolean };
  positionals: string[];
}

const HELP: OptionSpec = { type: 'boolean', short: 'h', help: 'in hướng dẫn này' };

/** The `--help` text, generated from the spec. */
export function helpText(spec: CliSpec<Record<string, OptionSpec>>): string {
  const head = `Cách dùng: ${spec.command} ${spec.usage}`.trimEnd();
  const summary = spec.summary ? `${spec.summary.replace(/^(?! )/gm, '  ').trimEnd()}\n` : '';
  const rows = Object.entries({ ...spec.options, help: HELP }).map(([name, o]) => {
    const flag = `${o.short ? `-${o.short}, ` : ''}--${name}${o.type === 'string' ? ` ${o.value ?? '<giá-trị>'}` : ''}`;
    return [flag, o.help] as const;
  });
  const width = Math.max(...rows.map(([f]) => f.length));
  const lines = rows.map(([f, h]) => `  ${f.padEnd(width)}  ${h}`);
  return `${head}\n${summary}Tùy chọn:\n${lines.join('\n')}\n`;
}

/** Prints a misuse message and how to get help, then exits with 2. */
export function exitMisuse(spec: Pick<CliSpec<never>, 'command'>, err: TxaError | string): never {
  const line = typeof err === 'string' ? new TxaError('TXA_CLI_USAGE', { problem: err }).toLine() : err.toLine();
  process.stderr.write(`${line}\nXem hướng dẫn: ${spec.command} --help\n`);
  process.exit(EXIT.misuse);
}

type Token = NonNullable<ReturnType<typeof parseArgs>['tokens']>[number];

/** The misuse in one token, if any. */
function tokenProblem(t: Token, spec: CliSpec<Record<string, OptionSpec>>, count: number): TxaError | undefined {
  if (t.kind === 'positional') {
    const max = spec.positionals ? (spec.positionals.max ?? Infinity) : 0;
    return count > max ? new TxaError('TXA_CLI_UNEXPECTED_ARGUMENT', { argument: t.value }) : undefined;
  }
  if (t.kind !== 'option') return undefined;
  const o = t.name === 'help' ? HELP : spec.options[t.name];
  if (!o) {
    const names = Object.keys(spec.options).map((n) => `--${n}`);
    const suggestion = didYouMean(t.rawName.startsWith('--') ? t.rawName : `--${t.name}`, [...names, '--help']);
    return new TxaError('TXA_CLI_UNKNOWN_OPTION', { option: t.rawName, suggestion });
  }
  if (o.type === 'boolean' && t.inlineValue) return new TxaError('TXA_CLI_UNEXPECTED_VALUE', { option: t.rawName });
  // Lenient parsing lets `--file --yes` take `--yes` as the file: that is a missing value.
  const swallowed = !t.inlineValue && /^--?[A-Za-z]/.test(t.value ?? '');
  if (o.type === 'string' && (t.value === undefined || swallowed))
    return new TxaError('TXA_CLI_MISSING_VALUE', { option: t.rawName, valueName: o.value ?? '<giá-trị>' });
  return undefined;
}

/**
 * Parses `argv` against the spec. `--help`/`-h` prints the help and exits 0;
 * an unknown option, a missing value or an extra argument prints one
 * Vietnamese line and exits 2.
 */
export function parseCli<O extends Record<string, OptionSpec>>(
  spec: CliSpec<O>,
  argv: readonly string[] = process.argv.slice(2),
): CliArgs<O> {
  const options = Object.fromEntries(
    Object.entries({ ...spec.options, help: HELP }).map(([n, o]) => [
      n,
      { type: o.type, ...(o.short ? { short: o.short } : {}) },
    ]),
  );
  const r = parseArgs({ args: [...argv], options, strict: false, allowPositionals: true, tokens: true });
  if (r.values.help === true) {
    process.stdout.write(helpText(spec));
    process.exit(0);
  }
  let count = 0;
  for (const t of r.tokens ?? []) {
    if (t.kind === 'positional') count++;
    const problem = tokenProblem(t, spec, count);
    if (problem) exitMisuse(spec, problem);
  }
  return { values: r.values as CliArgs<O>['values'], positionals: r.positionals };
}
