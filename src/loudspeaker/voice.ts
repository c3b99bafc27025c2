/**
 * Speech engines that turn a loudspeaker script into an audio file, behind
 * one small interface so that a better Vietnamese voice can replace the
 * default. The default is Debian's `espeak-ng` with its Vietnamese voice:
 * offline and free, intelligible but robotic (see docs/loudspeaker.md).
 *
 * @example
 * ```ts
 * const engine = espeakNg();
 * if (await engine.available()) await engine.synthesize('Alô, alô!', 'thong-bao.wav');
 * ```
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { TxaError } from '../errors.js';

/** The audio file written and its length. */
export interface Audio {
  file: string;
  seconds: number;
}

/** Something that speaks Vietnamese text into a WAV file. */
export interface SpeechEngine {
  readonly name: string;
  /** Whether the engine can run on this machine. */
  available(): Promise<boolean>;
  /** Speaks `text` into `file` (WAV); throws {@link TxaError} `TXA_TTS_*` when it cannot. */
  synthesize(text: string, file: string): Promise<Audio>;
}

/** Runs a command, feeding `input` on stdin; resolves with its exit code and stderr. */
function run(cmd: string, args: string[], input?: string): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stderr }));
    child.stdin.end(input ?? '');
  });
}

/** Length of a PCM WAV file in seconds, read from its header (`fmt ` byte rate, `data` size). */
export function wavSeconds(file: string): number {
  const b = readFileSync(file);
  if (b.toString('ascii', 0, 4) !== 'RIFF' || b.toString('ascii', 8, 12) !== 'WAVE') return 0;
  let byteRate = 0;
  let dataBytes = 0;
  for (let i = 12; i + 8 <= b.length; ) {
    const id = b.toString('ascii', i, i + 4);
    let size = b.readUInt32LE(i + 4);
    if (id === 'fmt ') byteRate = b.readUInt32LE(i + 16);
    if (id === 'data') {
      // espeak-ng writing to a file it cannot seek leaves the size at its maximum: use what is there.
      if (size === 0xffffffff || i + 8 + size > b.length) size = b.length - i - 8;
      dataBytes = size;
      break;
    }
    i += 8 + size + (size % 2);
  }
  return byteRate > 0 ? dataBytes / byteRate : 0;
}

/** Options of {@link espeakNg}. */
export interface EspeakOptions {
  /** The program (default `espeak-ng`, found on PATH). */
  command?: string;
  /** Voice (default `vi`, Northern Vietnamese). */
  voice?: string;
  /** Words a minute (default 130: slow and clear for loudspeakers). */
  speed?: number;
}

/** The `espeak-ng` engine with its Vietnamese voice. */
export function espeakNg(opts: EspeakOptions = {}): SpeechEngine {
  const command = opts.command ?? 'espeak-ng';
  const voice = opts.voice ?? 'vi';
  return {
    name: `espeak-ng (${voice})`,
    async available() {
      try {
        return (await run(command, ['--version'])).code === 0;
      } catch {
        return false;
      }
    },
    async synthesize(text, file) {
      let r: { code: number; stderr: string };
      try {
        r = await run(command, ['-v', voice, '-s', String(opts.speed ?? 130), '-w', file, '--stdin'], text);
      } catch {
        throw new TxaError('TXA_TTS_MISSING', { command });
      }
      if (r.code !== 0) throw new TxaError('TXA_TTS_FAILED', { command, reason: r.stderr.trim().split('\n')[0] ?? '' });
      return { file, seconds: wavSeconds(file) };
    },
  };
}
