/**
 * Every part's personal data (see storage/personal.ts), for the
 * command-line tools (`npm run privacy`), which open the database without
 * installing the plugins: the core's and the channels' part, then the
 * standard plugins' in install order. Like `ALL_MIGRATIONS`, it imports each
 * part's light `personal-data.ts` instead of the plugin modules;
 * tests/app/plugin.test.ts checks that it lists exactly what the standard
 * plugins declare.
 */
import { handoffPersonalData } from '../admin/handoff/personal-data.js';
import { adminPersonalData } from '../admin/personal-data.js';
import { announcementsPersonalData } from '../announcements/personal-data.js';
import { baseData } from '../privacy/base-data.js';
import { noticePersonalData } from '../privacy/notice.js';
import { quizPersonalData } from '../quiz/personal-data.js';
import type { PersonalDataPart } from '../storage/personal.js';

/** The parts declared by the standard plugins, in install order. */
export const PLUGIN_PERSONAL_DATA: readonly PersonalDataPart[] = [
  adminPersonalData,
  handoffPersonalData,
  announcementsPersonalData,
  noticePersonalData,
  quizPersonalData,
];

/** The core's part, then the plugins'. */
export const ALL_PERSONAL_DATA: readonly PersonalDataPart[] = [baseData, ...PLUGIN_PERSONAL_DATA];
