/**
 * A large but valid knowledge folder for reload benchmarks and tests: the
 * shipped knowledge copied into a temporary folder, plus one file of
 * procedures cloned from the shipped ones (ids and names varied) up to a
 * target size.
 *
 * @example
 * ```ts
 * const { dir, bytes } = writeLargeKnowledge(4 * 1024 * 1024);
 * ```
 */
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { loadKnowledge } from '../src/knowledge/loader.js';
import type { Procedure } from '../src/knowledge/schema.js';

/** The folder made by {@link writeLargeKnowledge}. */
export interface LargeKnowledge {
  /** The knowledge folder (a temporary directory). */
  dir: string;
  /** The generated file inside it. */
  file: string;
  /** Size of the generated file in bytes. */
  bytes: number;
  /** Procedures in the generated file. */
  procedures: number;
}

/** `p` cloned for round `n`: id and name varied, no national code (so no layering hides it), no references. */
function clone(p: Procedure, n: number): Procedure {
  const { code: _code, ...rest } = p;
  return {
    ...rest,
    id: `${p.id}-b${n}`,
    name: `${p.name} (mẫu ${n})`,
    aliases: p.aliases.map((a, i) => (i === 0 ? `${a} mẫu ${n}` : a)),
    related: [],
  };
}

const YAML_OPTIONS = { lineWidth: 0, aliasDuplicateObjects: false } as const;

/** The YAML text of about `targetBytes` of procedures cloned from the shipped ones. */
export function largeProceduresYaml(targetBytes: number, shipped = 'knowledge'): { text: string; procedures: number } {
  const r = loadKnowledge(shipped);
  if (!r.ok) throw new Error(`the shipped knowledge in ${shipped} does not load; run npm run kb:check`);
  const base = r.kb.procedures;
  // Size of each procedure once cloned (other rounds differ by a few characters).
  const sizes = base.map((p) => Buffer.byteLength(stringify([clone(p, 0)], YAML_OPTIONS), 'utf8'));
  const procedures: Procedure[] = [];
  for (let total = 0, i = 0; total < targetBytes; i++) {
    const k = i % base.length;
    procedures.push(clone(base[k]!, Math.floor(i / base.length)));
    total += sizes[k]!;
  }
  return { text: stringify({ procedures }, YAML_OPTIONS), procedures: procedures.length };
}

/** Copies the shipped knowledge into a temporary folder and adds `procedures/large.yaml` of about `targetBytes`. */
export function writeLargeKnowledge(targetBytes: number, shipped = 'knowledge'): LargeKnowledge {
  const dir = mkdtempSync(join(tmpdir(), 'kb-large-'));
  cpSync(shipped, dir, { recursive: true });
  const { text, procedures } = largeProceduresYaml(targetBytes, shipped);
  const file = join(dir, 'procedures', 'large.yaml');
  writeFileSync(file, text, 'utf8');
  return { dir, file, bytes: Buffer.byteLength(text, 'utf8'), procedures };
}
