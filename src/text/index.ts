/**
 * Text helpers shared by every part: accent folding variants, slugs and the
 * slash-command parser.
 *
 * @example
 * ```ts
 * import { foldForCommand, parseCommand, slug } from '../text/index.js';
 * parseCommand('/xem khai-sinh')?.name; // 'xem'
 * ```
 */
export { foldChar, foldDiacritics, foldEachChar, foldForCommand, foldForPhrase } from './fold.js';
export { isPlainCommand, parseCommand, splitSubcommand, type ParsedCommand } from './command.js';
export { slug } from './slug.js';
