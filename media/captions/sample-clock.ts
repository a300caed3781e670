// Maps a position in the audio written to an engine (seconds of samples) back to the
// server clock. Samples do not flow at a constant rate: nothing is decoded while the
// producer is paused, and silence is injected to close utterances. So every chunk
// written is noted with the server instant of its first sample, and a position is read
// from the chunk that holds it. Pure: the caller gives the instants.
export class SampleClock {
  /** [offset in samples, server ms of that sample], increasing offsets. */
  readonly #marks: [number, number][] = [];
  #written = 0;
  constructor(private readonly sampleRate: number, private readonly keep = 4096) {}

  /** A chunk of `samples` samples whose last sample was heard at `lastAt`. */
  wrote(samples: number, lastAt: number): void {
    const firstAt = lastAt - (samples / this.sampleRate) * 1000;
    const prev = this.#marks.at(-1);
    // Never run backwards: a chunk arriving early (jitter) continues the previous one.
    const at = prev ? Math.max(firstAt, prev[1] + ((this.#written - prev[0]) / this.sampleRate) * 1000) : firstAt;
    this.#marks.push([this.#written, at]);
    if (this.#marks.length > this.keep) this.#marks.shift();
    this.#written += samples;
  }

  get writtenSamples(): number {
    return this.#written;
  }

  /** The server instant (ms) of position `sec`. */
  at(sec: number): number {
    const sample = sec * this.sampleRate;
    let lo = 0;
    let hi = this.#marks.length - 1;
    if (hi < 0) return Number.NaN;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.#marks[mid]![0] <= sample) lo = mid;
      else hi = mid - 1;
    }
    const [offset, at] = this.#marks[lo]!;
    return Math.round(at + ((sample - offset) / this.sampleRate) * 1000);
  }
}
