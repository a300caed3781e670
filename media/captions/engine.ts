// The one interface every speech-to-text engine adapter implements: a stream that takes
// 16-bit little-endian mono PCM and reports recognised utterances with word timings in
// seconds of the audio written (not of the wall clock: sample-clock.ts maps them). An
// engine may also report partial hypotheses; pocketsphinx_continuous does not.
export interface EngineWord {
  word: string;
  /** Seconds since the first sample written to this stream. */
  startSec: number;
  endSec: number;
}

export interface EngineResult {
  /** false: a partial hypothesis, replaced by the next result of the same utterance. */
  final: boolean;
  words: EngineWord[];
}

export interface EngineStream {
  /** PCM s16le mono at the engine's sampleRate. */
  write(pcm: Buffer): void;
  onResult(listener: (r: EngineResult) => void): void;
  /** The engine ended by itself (crash): the caller may open a new stream. */
  onExit(listener: (reason: string) => void): void;
  /** Stops the engine; safe twice. */
  close(): Promise<void>;
}

export interface CaptionEngine {
  /** `engine/model`, written into every segment (e.g. `pocketsphinx/en-us`). */
  readonly id: string;
  readonly sampleRate: number;
  open(): EngineStream;
}
