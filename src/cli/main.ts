/**
 * `npm start`: runs the assistant. With no channel tokens configured it
 * opens the console chat on the shipped knowledge base.
 */
import { createApp } from '../app/app.js';
import { anyRemoteChannelConfigured } from '../app/channels.js';
import { ConsoleChannel } from '../channels/console/console.js';
import { createLogger } from '../log/index.js';
import { configOrExit, exitOnStartupError } from './common.js';

const config = configOrExit();
const consoleMode = !anyRemoteChannelConfigured({ config });
// In the console chat, info logs would interleave with the conversation.
const level = consoleMode && !process.env.LOG_LEVEL ? 'warn' : config.LOG_LEVEL;
const logger = createLogger({ level, format: config.LOG_FORMAT });

try {
  const app = await createApp(config, logger, { console: consoleMode });
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    await app.stop().catch((err: unknown) => logger.error({ err }, 'error while stopping'));
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  await app.start();
  logger.info({ channels: [...app.channels.keys()] }, 'assistant started');
  const cons = app.channels.get('console');
  if (cons instanceof ConsoleChannel) {
    await cons.waitUntilClosed();
    await stop('console closed');
  }
} catch (err) {
  exitOnStartupError(err);
}
