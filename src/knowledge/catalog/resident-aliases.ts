/**
 * The names residents use for the procedures they ask about most, added by
 * hand to the aliases generated from official names (national code →
 * phrases, typed as people type them; accents optional). Administrators add
 * more from the unanswered questions (`/themtukhoa`); those live in the YAML
 * and are kept on re-import.
 */
export const RESIDENT_ALIASES: Record<string, string[]> = {};
