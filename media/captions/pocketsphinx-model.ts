// Where the pocketsphinx pieces are: the `pocketsphinx_continuous` binary (Debian's
// `pocketsphinx` package; the 5.x `pocketsphinx` command with subcommands is not what
// Debian 12 ships) and, in CAPTIONS_MODEL_DIR, the three parts of a CMU Sphinx model: an
// acoustic model (a directory holding `mdef`: the directory itself or a subdirectory), a
// language model (`*.lm.bin`, `*.lm` or `*.lm.DMP`, phone LMs skipped) and a pronunciation
// dictionary (`*.dict`). Debian's `pocketsphinx-en-us` is laid out like that, and so are
// the CMU Sphinx French models (acoustic model directory, `fr-small.lm.bin`, `fr.dict`).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { findOnPath } from '../recording/binaries.ts';

export interface PocketsphinxSetup {
  binary: string;
  hmm: string;
  lm: string;
  dict: string;
}

export const POCKETSPHINX_BINARY = 'pocketsphinx_continuous';

const isDir = (p: string) => existsSync(p) && statSync(p).isDirectory();

/** Which setting a missing piece belongs to: the model directory, or the engine (its binary). */
export class PocketsphinxSetupError extends Error {
  constructor(readonly variable: 'CAPTIONS_MODEL_DIR' | 'CAPTIONS_ENGINE', message: string) {
    super(message);
  }
}

export function locatePocketsphinx(modelDir: string, pathEnv: string): PocketsphinxSetup {
  const binary = findOnPath(POCKETSPHINX_BINARY, pathEnv);
  if (!binary) throw new PocketsphinxSetupError('CAPTIONS_ENGINE', `pocketsphinx: ${POCKETSPHINX_BINARY} is not on PATH (Debian: apt-get install pocketsphinx)`);
  const fail = (message: string) => new PocketsphinxSetupError('CAPTIONS_MODEL_DIR', message);
  const dir = resolve(modelDir);
  if (!isDir(dir)) throw fail(`${dir} does not exist or is not a directory (download and unpack the model there)`);
  const entries = readdirSync(dir);
  const hmm = existsSync(join(dir, 'mdef')) ? dir : entries.map((e) => join(dir, e)).find((p) => isDir(p) && existsSync(join(p, 'mdef')));
  if (!hmm) throw fail(`${dir} has no acoustic model (a directory holding mdef, means, variances...)`);
  const lmName =
    entries.find((e) => e.endsWith('.lm.bin') && !e.includes('phone')) ??
    entries.find((e) => (e.endsWith('.lm') || e.endsWith('.lm.DMP')) && !e.includes('phone'));
  if (!lmName) throw fail(`${dir} has no language model (*.lm.bin, *.lm or *.lm.DMP)`);
  const dictName = entries.find((e) => e.endsWith('.dict'));
  if (!dictName) throw fail(`${dir} has no pronunciation dictionary (*.dict)`);
  return { binary, hmm, lm: join(dir, lmName), dict: join(dir, dictName) };
}
