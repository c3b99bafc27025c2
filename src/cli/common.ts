/**
 * Start-up helpers shared by the command-line entry points: configuration
 * and knowledge errors become clear lines on stderr and a non-zero exit.
 */
import { ConfigError, loadConfig, type Config } from '../config/index.js';
import { EXIT, fromSystemError } from '../errors.js';
import { KnowledgeLoadError, formatProblem } from '../knowledge/loader.js';
import { readTenants, type Tenant, TenantsError } from '../tenants/registry.js';
import { type CliArgs, type CliSpec, type OptionSpec, parseCli } from './args.js';

/**
 * Loads the configuration or exits with one line per problem. In a city
 * installation (`TENANTS_DIR`), a command works on one commune, named by
 * `TENANT`: it then gets that commune's configuration (its database, its
 * knowledge over the city's, its settings). `{ city: true }` returns the
 * city's own configuration instead (`npm start`, `npm run tenant:add`).
 *
 * @example
 * ```ts
 * const config = configOrExit(); // on a wrong .env: "Cấu hình chưa đúng (.env):" and exit 1
 * // TENANTS_DIR=tenants TENANT=an-bien npm run report → the report of Phường An Biên
 * ```
 */
export function configOrExit(env: NodeJS.ProcessEnv = process.env, opts: { city?: boolean } = {}): Config {
  let config: Config;
  try {
    config = loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write('Cấu hình chưa đúng (.env):\n');
      for (const p of err.problems) process.stderr.write(`  ${p.name}: ${p.message} (ví dụ: ${p.name}=${p.example})\n`);
      process.exit(1);
    }
    throw err;
  }
  if (!config.TENANTS_DIR || opts.city) return config;
  return communeConfigOrExit(env, config);
}

/** The communes of a city installation, or exits with the problems of their folders. */
export function tenantsOrExit(city: Config, env: NodeJS.ProcessEnv = process.env): Tenant[] {
  try {
    return readTenants(env, city);
  } catch (err) {
    if (!(err instanceof TenantsError)) throw err;
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  }
}

/** The configuration of the commune `TENANT` names, in a city installation; exits with the known ids otherwise. */
function communeConfigOrExit(env: NodeJS.ProcessEnv, city: Config): Config {
  const tenants = tenantsOrExit(city, env);
  const t = tenants.find((x) => x.id === city.TENANT);
  if (t) return t.config;
  const ids = tenants.map((x) => x.id).join(', ');
  process.stderr.write(
    city.TENANT
      ? `Không có xã "${city.TENANT}" trong ${city.TENANTS_DIR}. Các xã: ${ids}.\n`
      : `Cài đặt nhiều xã (TENANTS_DIR=${city.TENANTS_DIR}): chọn xã bằng TENANT, ví dụ TENANT=${tenants[0]?.id ?? 'an-bien'} npm run …\nCác xã: ${ids}.\n`,
  );
  process.exit(1);
}

/**
 * Prints a start-up failure the way an operator needs it, then exits 1: an
 * error of the catalogue (or a Node error it knows, such as a port in use) is
 * one line with its code, never a stack trace.
 *
 * @example
 * ```ts
 * try {
 *   await createApp(configOrExit(), logger).then((app) => app.start());
 * } catch (err) {
 *   exitOnStartupError(err); // e.g. a knowledge problem or a port in use, as one line
 * }
 * ```
 */
export function exitOnStartupError(err: unknown): never {
  const known = fromSystemError(err);
  const only = err instanceof KnowledgeLoadError && err.problems.length === 1 ? err.problems[0] : undefined;
  if (known) process.stderr.write(`${known.toLine()}\n`);
  else if (only?.code) process.stderr.write(`${only.message} [${only.code}]\n`);
  else if (err instanceof KnowledgeLoadError) {
    process.stderr.write(`Cơ sở tri thức có lỗi, trợ lý không khởi động:\n`);
    for (const p of err.problems) process.stderr.write(`  ${formatProblem(p)}\n`);
  } else {
    process.stderr.write(`Không khởi động được: ${(err as Error)?.message ?? String(err)}\n`);
  }
  process.exit(EXIT.runtime);
}

/**
 * Makes a printing CLI behave in a pipe: `… | head` closes standard output
 * early, which is the reader's choice, not an error, so the process ends
 * quietly (exit 0) instead of crashing with EPIPE.
 *
 * @example
 * ```ts
 * quietOnClosedPipe(); // `npm run -s unanswered | head` then ends with exit 0
 * ```
 */
export function quietOnClosedPipe(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE' || err.code === 'ERR_STREAM_DESTROYED') process.exit(0);
      throw err;
    });
  }
}

/**
 * An error nobody caught: one line when it is one the catalogue knows (or
 * the knowledge base's); anything else is a bug, so its stack is kept, as
 * Node would print it.
 */
function onUncaught(err: unknown): never {
  if (fromSystemError(err) || err instanceof KnowledgeLoadError) exitOnStartupError(err);
  process.stderr.write(`${(err as Error)?.stack ?? String(err)}\n`);
  process.exit(EXIT.runtime);
}

/**
 * The first call of every CLI: handles closed pipes, turns a known error
 * nobody caught into one line (see {@link exitOnStartupError}) and parses the
 * arguments with {@link parseCli} (`--help` prints the usage and exits 0,
 * misuse exits 2).
 *
 * @example
 * ```ts
 * const { values, positionals } = cliStart({
 *   command: 'npm run ask --',
 *   usage: '[--json] "câu hỏi"',
 *   options: { json: { type: 'boolean', help: 'in kết quả dạng JSON' } },
 *   positionals: { max: 1 },
 * });
 * if (values.json) console.log(JSON.stringify({ question: positionals[0] }));
 * ```
 */
export function cliStart<O extends Record<string, OptionSpec>>(
  spec: CliSpec<O>,
  argv: readonly string[] = process.argv.slice(2),
): CliArgs<O> {
  quietOnClosedPipe();
  process.on('uncaughtException', onUncaught);
  return parseCli(spec, argv);
}
