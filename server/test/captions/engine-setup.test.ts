// The captions configuration and the pocketsphinx adapter's pure parts: the startup error
// names the variable and the missing piece (model directory, acoustic model, language
// model, dictionary, binary); the engine's output is read into timed words (fillers and
// pronunciation variants handled); engine positions map back to the server clock
// across pauses and injected silence.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { PocketsphinxOutput } from '../../../media/captions/pocketsphinx.ts';
import { SampleClock } from '../../../media/captions/sample-clock.ts';
import type { EngineResult } from '../../../media/captions/engine.ts';

const DEBIAN_MODEL = '/usr/share/pocketsphinx/model/en-us';
const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'tribune-captions-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const load = (env: Record<string, string>) => loadConfig({ DATA_DIR: tmp(), MEDIA_ENABLED: 'false', ...env });
const refusal = (env: Record<string, string>) => {
  try {
    load(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('accepted');
};

describe('captions configuration', () => {
  it('is off by default', () => {
    expect(load({}).captions).toBeNull();
  });

  it('finds the three parts of Debian’s en-us model and the binary', () => {
    const c = load({ CAPTIONS_ENGINE: 'pocketsphinx', CAPTIONS_MODEL_DIR: DEBIAN_MODEL });
    expect(c.captions).toMatchObject({
      engine: 'pocketsphinx',
      setup: { hmm: `${DEBIAN_MODEL}/en-us`, lm: `${DEBIAN_MODEL}/en-us.lm.bin`, dict: `${DEBIAN_MODEL}/cmudict-en-us.dict`, binary: expect.stringContaining('pocketsphinx_continuous') },
    });
  });

  it('names what is missing at startup', () => {
    expect(refusal({ CAPTIONS_ENGINE: 'whisper' })).toMatch(/^Invalid configuration: CAPTIONS_ENGINE: /);
    expect(refusal({ CAPTIONS_ENGINE: 'pocketsphinx' })).toMatch(/CAPTIONS_MODEL_DIR: required when CAPTIONS_ENGINE=pocketsphinx/);
    expect(refusal({ CAPTIONS_ENGINE: 'pocketsphinx', CAPTIONS_MODEL_DIR: '/nonexistent/fr' })).toMatch(/CAPTIONS_MODEL_DIR: \/nonexistent\/fr does not exist/);
    const empty = tmp();
    expect(refusal({ CAPTIONS_ENGINE: 'pocketsphinx', CAPTIONS_MODEL_DIR: empty })).toMatch(/has no acoustic model/);
    const partial = tmp();
    cpSync(join(DEBIAN_MODEL, 'en-us'), join(partial, 'fr-ptm'), { recursive: true });
    expect(refusal({ CAPTIONS_ENGINE: 'pocketsphinx', CAPTIONS_MODEL_DIR: partial })).toMatch(/has no language model/);
    cpSync(join(DEBIAN_MODEL, 'en-us.lm.bin'), join(partial, 'fr-small.lm.bin'));
    expect(refusal({ CAPTIONS_ENGINE: 'pocketsphinx', CAPTIONS_MODEL_DIR: partial })).toMatch(/has no pronunciation dictionary/);
    expect(refusal({ CAPTIONS_ENGINE: 'pocketsphinx', CAPTIONS_MODEL_DIR: DEBIAN_MODEL, PATH: '/nonexistent' })).toMatch(
      /CAPTIONS_ENGINE: pocketsphinx: pocketsphinx_continuous is not on PATH/,
    );
  });
});

describe('pocketsphinx output', () => {
  it('reads each utterance’s timed words, without markers, fillers or variant numbers', () => {
    const results: EngineResult[] = [];
    const out = new PocketsphinxOutput((r) => results.push(r));
    const lines = [
      'the city council',
      '<s> 0.000 0.290 0.999400',
      'the 0.300 0.450 0.069349',
      '<sil> 0.460 0.600 0.515315',
      'city(2) 0.610 0.790 0.046623',
      '[NOISE] 0.800 0.900 0.9',
      '++UM++ 0.900 1.000 0.9',
      'council 1.600 2.030 0.999500',
      '</s> 2.040 2.160 1.000000',
      '',
      '<s> 3.000 3.100 1.0',
      '</s> 3.100 3.500 1.0',
    ];
    lines.forEach((l) => out.line(l));
    expect(results).toEqual([
      {
        final: true,
        words: [
          { word: 'the', startSec: 0.3, endSec: 0.45 },
          { word: 'city', startSec: 0.61, endSec: 0.79 },
          { word: 'council', startSec: 1.6, endSec: 2.03 },
        ],
      },
    ]);
  });
});

describe('engine time to server time', () => {
  it('follows the chunks as they arrived, across a pause in the audio', () => {
    const c = new SampleClock(16_000);
    const t0 = 1_000_000;
    c.wrote(16_000, t0 + 1000); // one second, its last sample heard at t0 + 1 s
    c.wrote(8000, t0 + 5500); // nothing for 4 s (producer paused), then half a second
    expect(c.at(0)).toBe(t0);
    expect(c.at(0.5)).toBe(t0 + 500);
    expect(c.at(1)).toBe(t0 + 5000);
    expect(c.at(1.25)).toBe(t0 + 5250);
    expect(c.writtenSamples).toBe(24_000);
  });

  it('never runs backwards when a chunk arrives early', () => {
    const c = new SampleClock(16_000);
    c.wrote(16_000, 2000);
    c.wrote(1600, 1500);
    expect(c.at(1)).toBe(2000);
    expect(c.at(1.1)).toBe(2100);
  });
});
