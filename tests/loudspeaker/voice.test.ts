import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TxaError } from '../../src/errors.js';
import { loudspeakerScript } from '../../src/loudspeaker/script.js';
import { espeakNg, wavSeconds } from '../../src/loudspeaker/voice.js';

const engine = espeakNg();
const present = await engine.available();
// CI installs espeak-ng (.ci/run): there a missing engine is a failure, not a skip.
const itWithEngine = present || process.env.CI ? it : it.skip;

describe('espeak-ng voice', () => {
  itWithEngine(
    'writes a WAV file whose length is close to the script estimate',
    async () => {
      const s = loudspeakerScript(
        { title: 'Lịch tiếp công dân', body: 'Từ 08:00 ngày 01/12/2026, UBND xã tiếp công dân tại trụ sở.' },
        { commune: 'xã Tây Hưng' },
      );
      const file = join(mkdtempSync(join(tmpdir(), 'loa-')), 'thong-bao.wav');
      const audio = await engine.synthesize(s.text, file);
      expect(statSync(file).size).toBeGreaterThan(10_000);
      expect(audio.seconds).toBeCloseTo(wavSeconds(file), 5);
      // The engine reads at 130 words a minute, the estimate assumes 130 syllables: within a factor of two.
      expect(audio.seconds).toBeGreaterThan(s.seconds / 2);
      expect(audio.seconds).toBeLessThan(s.seconds * 2);
    },
    30_000,
  );

  it('says clearly when the engine is missing', async () => {
    const missing = espeakNg({ command: '/nonexistent/espeak-ng' });
    expect(await missing.available()).toBe(false);
    const err = await missing.synthesize('Alô', join(tmpdir(), 'x.wav')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TxaError);
    expect((err as TxaError).code).toBe('TXA_TTS_MISSING');
    expect((err as Error).message).toMatch(/espeak-ng/);
  });
});
