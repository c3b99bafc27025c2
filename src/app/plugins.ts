/**
 * Assistant plugins (middleware in front of question answering) and
 * background services. Each part adds itself here with one line.
 */
import type { App } from './app.js';
import { installAdmin } from '../admin/plugin.js';
import { installHandoff } from '../admin/handoff/plugin.js';
import { installAnnouncements } from '../announcements/index.js';
import { installWebAdmin } from '../web-admin/index.js';

/** Installs every plugin on the app's assistant. */
export async function installPlugins(app: App): Promise<void> {
  installWebAdmin(app);
  installAdmin(app);
  installHandoff(app);
  installAnnouncements(app);
}
