/**
 * The command registry of the core: one table of every chat command, its
 * roles, help and handler (registry.ts), the dispatch middleware
 * (dispatch.ts) and the one refusal (access.ts).
 */
export { allowed, forResidents, REFUSAL_TEXT, refusalReply } from './access.js';
export { commandDispatch } from './dispatch.js';
export { CommandRegistry, helpLine, type MenuCommand } from './registry.js';
export type * from './types.js';
