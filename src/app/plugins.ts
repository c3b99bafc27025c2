/**
 * The plugins of the assistant, in the order they are listed (the app
 * installs each after its dependencies; see `plugin.ts`). To add a part,
 * declare it with `definePlugin` and list it here.
 */
import { adminUnitsPlugin } from '../admin-units/plugin.js';
import { handoffPlugin } from '../admin/handoff/plugin.js';
import { adminPlugin } from '../admin/plugin.js';
import { announcementsPlugin } from '../announcements/index.js';
import { loudspeakerPlugin } from '../loudspeaker/plugin.js';
import { privacyPlugin } from '../privacy/plugin.js';
import { quizPlugin } from '../quiz/plugin.js';
import { webConsolePlugin } from '../web-admin/index.js';
import type { Plugin } from './context.js';

/** Every plugin of a standard installation. */
export const DEFAULT_PLUGINS: readonly Plugin<unknown>[] = [
  adminPlugin,
  handoffPlugin,
  announcementsPlugin,
  webConsolePlugin,
  loudspeakerPlugin,
  privacyPlugin,
  quizPlugin,
  adminUnitsPlugin,
];
