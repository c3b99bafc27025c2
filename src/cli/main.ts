/**
 * `npm start`: runs the assistant. With no channel tokens configured it
 * opens the console chat on the shipped knowledge base. With the web chat
 * enabled (`WEB_CHAT_ENABLED=true`) it serves `/chat` as well; then the
 * console opens only in a terminal, and closing it (or starting with standard
 * input closed, as under systemd) leaves the server running.
 */
import { createApp } from '../app/app.js';
import { anyRemoteChannelConfigured } from '../app/channels.js';
import { ConsoleChannel } from '../channels/console/console.js';
import { createLogger } from '../log/index.js';
import type { Logger } from 'pino';
import type { Config } from '../config/index.js';
import { createCity } from '../tenants/city.js';
import { cliStart, configOrExit, exitOnStartupError } from './common.js';

cliStart({
  command: 'npm start',
  usage: '',
  summary: 'chạy trợ lý với các kênh đã cấu hình trong .env; không có kênh nào thì mở trò chuyện trên màn hình',
  options: {},
});
const config = configOrExit(process.env, { city: true });
if (config.TENANTS_DIR) await runCity(config);
else await runCommune(config);

/** One commune: its channels, and the console chat when no remote channel is configured. */
async function runCommune(config: Config): Promise<void> {
  const consoleMode =
    !anyRemoteChannelConfigured({ config }) && (!config.WEB_CHAT_ENABLED || process.stdin.isTTY === true);
  // In the console chat, info logs would interleave with the conversation.
  const level = consoleMode && !process.env.LOG_LEVEL ? 'warn' : config.LOG_LEVEL;
  const logger = createLogger({ level, format: config.LOG_FORMAT });

  try {
    const app = await createApp(config, logger, { console: consoleMode });
    const stop = stopOnSignals(app, logger);
    await app.start();
    logger.info({ channels: [...app.channels.keys()] }, 'assistant started');
    if (app.channels.has('web')) {
      const chat = `${config.PUBLIC_URL ?? `http://localhost:${config.PORT}`}/chat`;
      if (consoleMode) process.stderr.write(`Trò chuyện trên web: ${chat}\n`);
      else logger.info({ url: chat }, 'web chat ready');
    }
    const cons = app.channels.get('console');
    if (cons instanceof ConsoleChannel) {
      await cons.waitUntilClosed();
      // Other channels (the web chat) keep serving without the terminal.
      if (app.channels.size === 1) await stop('console closed');
      else
        logger.warn(
          { channels: [...app.channels.keys()].filter((c) => c !== 'console') },
          'console closed; still serving',
        );
    }
  } catch (err) {
    exitOnStartupError(err);
  }
}

/** Many communes (TENANTS_DIR): one server for all of them, until a signal stops it. */
async function runCity(city: Config): Promise<void> {
  const logger = createLogger({ level: city.LOG_LEVEL, format: city.LOG_FORMAT });
  try {
    const c = await createCity(process.env, city, logger);
    stopOnSignals(c, logger);
    await c.start();
    logger.info({ communes: c.tenants.map((t) => `${t.id}@${t.host}`) }, 'city started');
  } catch (err) {
    exitOnStartupError(err);
  }
}

/** Stops `what` once, on SIGINT or SIGTERM (or when the returned function is called), then exits 0. */
function stopOnSignals(what: { stop(): Promise<void> }, logger: Logger): (reason: string) => Promise<void> {
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    await what.stop().catch((err: unknown) => logger.error({ err }, 'error while stopping'));
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  return stop;
}
