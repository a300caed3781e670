// The pocketsphinx engine adapter: one `pocketsphinx_continuous` process per captioned
// stream, reading raw 16 kHz s16le mono on stdin (`-infile /dev/stdin`: without a .wav
// name it reads raw samples, and fread blocks on the pipe, so it runs live), cutting
// utterances with its own voice activity detection and printing, per utterance, the
// hypothesis and then one line per word with `-time yes`: `word start end posterior`
// (seconds of audio written), from `<s>` to `</s>`. It prints no partial hypotheses.
// Node's 'pipe' stdio is a socket pair, which /dev/stdin cannot be opened on (ENXIO), so
// `cat` stands between: pocketsphinx reads a real pipe. Closing our end lets cat end, and
// pocketsphinx then prints the last utterance and exits: close() waits for that.
import { spawn, type ChildProcess } from 'node:child_process';
import type { CaptionEngine, EngineResult, EngineStream, EngineWord } from './engine.ts';
import type { PocketsphinxSetup } from './pocketsphinx-model.ts';

const WORD_LINE = /^(\S+) (\d+(?:\.\d+)?) (\d+(?:\.\d+)?) (\S+)$/;
/** Fillers and markers of the CMU dictionaries, never captions. */
const NON_WORD = /^(<s>|<\/s>|<sil>|\[[^\]]*\]|\+\+.*\+\+)$/;

/** Reads pocketsphinx_continuous's stdout line by line; calls `emit` at each `</s>`. */
export class PocketsphinxOutput {
  #words: EngineWord[] = [];
  #inUtterance = false;
  constructor(private readonly emit: (r: EngineResult) => void) {}

  line(raw: string): void {
    const m = WORD_LINE.exec(raw.trim());
    if (!m) return; // the hypothesis line: the word lines that follow carry the same text, timed
    const token = m[1]!;
    if (token === '<s>') {
      this.#inUtterance = true;
      this.#words = [];
      return;
    }
    if (!this.#inUtterance) return;
    if (token === '</s>') {
      this.#inUtterance = false;
      if (this.#words.length > 0) this.emit({ final: true, words: this.#words });
      this.#words = [];
      return;
    }
    if (NON_WORD.test(token)) return;
    // Alternative pronunciations are numbered: `and(2)` is the word `and`.
    this.#words.push({ word: token.replace(/\(\d+\)$/, ''), startSec: Number(m[2]), endSec: Number(m[3]) });
  }
}

export function pocketsphinxArgs(s: PocketsphinxSetup, sampleRate: number): string[] {
  return ['-infile', '/dev/stdin', '-time', 'yes', '-logfn', '/dev/null', '-samprate', String(sampleRate), '-hmm', s.hmm, '-lm', s.lm, '-dict', s.dict];
}

class PocketsphinxStream implements EngineStream {
  readonly #child: ChildProcess;
  readonly #results: ((r: EngineResult) => void)[] = [];
  readonly #exits: ((reason: string) => void)[] = [];
  #closing = false;
  #exited: Promise<void>;
  #partial = '';

  constructor(setup: PocketsphinxSetup, sampleRate: number) {
    this.#child = spawn('/bin/sh', ['-c', 'cat | exec "$0" "$@"', setup.binary, ...pocketsphinxArgs(setup, sampleRate)], {
      stdio: ['pipe', 'pipe', 'ignore'],
      detached: true,
    });
    const out = new PocketsphinxOutput((r) => this.#results.forEach((l) => l(r)));
    this.#child.stdout!.setEncoding('utf8');
    this.#child.stdout!.on('data', (chunk: string) => {
      const lines = (this.#partial + chunk).split('\n');
      this.#partial = lines.pop() ?? '';
      for (const l of lines) out.line(l);
    });
    // A write after the process died would throw EPIPE asynchronously: the exit is what we report.
    this.#child.stdin!.on('error', () => {});
    this.#exited = new Promise((resolve) => {
      this.#child.once('exit', (code, signal) => {
        if (!this.#closing) this.#exits.forEach((l) => l(`pocketsphinx_continuous exited (code ${code}, signal ${signal})`));
        resolve();
      });
      this.#child.once('error', (err) => {
        if (!this.#closing) this.#exits.forEach((l) => l(`pocketsphinx_continuous failed: ${err.message}`));
        resolve();
      });
    });
  }

  write(pcm: Buffer): void {
    if (!this.#closing && this.#child.stdin!.writable) this.#child.stdin!.write(pcm);
  }
  onResult(listener: (r: EngineResult) => void): void {
    this.#results.push(listener);
  }
  onExit(listener: (reason: string) => void): void {
    this.#exits.push(listener);
  }
  /** Ends the input (the last utterance is still reported), then kills what is left after `graceMs`. */
  async close(graceMs = 3000): Promise<void> {
    if (!this.#closing) {
      this.#closing = true;
      this.#child.stdin!.end();
      const timer = setTimeout(() => this.#kill(), graceMs);
      await this.#exited;
      clearTimeout(timer);
    }
    await this.#exited;
  }

  #kill(): void {
    try {
      if (this.#child.pid) process.kill(-this.#child.pid, 'SIGKILL');
    } catch {
      // Already gone: the group had exited.
    }
  }
}

export function pocketsphinxEngine(setup: PocketsphinxSetup, model: string): CaptionEngine {
  const sampleRate = 16_000;
  return { id: `pocketsphinx/${model}`, sampleRate, open: () => new PocketsphinxStream(setup, sampleRate) };
}
