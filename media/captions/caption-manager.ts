// Captioning on this node: one CaptionStream per debate whose program feed has audio
// (what is on air: the floor holder, else the room's microphone), fed to one engine
// stream. Follows the media manager's program changes like the recorder does, through
// its own PlainTransport consumer (audio-tap.ts). Recognised words leave with server-clock
// times through CaptionSink; which turn they belong to is decided outside media/ (the
// composition root applies server/src/domain/captions/attribution.ts).
import type { types } from 'mediasoup';
import type { Clock } from '../../server/src/clock.ts';
import type { MediaProducerInfo, MediaProgram } from '../../server/src/protocol/media.ts';
import type { MediaLogger } from '../logger.ts';
import { feedFromProgram } from '../recording/feed.ts';
import { openAudioTap, type AudioTap } from './audio-tap.ts';
import type { CaptionEngine, EngineResult, EngineStream } from './engine.ts';
import { SampleClock } from './sample-clock.ts';

export interface CaptionWord {
  word: string;
  /** Server clock (ms). */
  start: number;
  end: number;
}

/** Where recognised words go (the composition root implements it). */
export interface CaptionSink {
  words(debateId: string, words: CaptionWord[], final: boolean, engineId: string): void;
}

/** What captioning needs of the media manager (MediaManager satisfies it). */
export interface CaptionMediaSource {
  session(debateId: string): {
    readonly closed: boolean;
    readonly program: MediaProgram;
    readonly mediasoupRoom: { readonly router: types.Router | null; producers(): MediaProducerInfo[] };
  } | null;
  onProgramChange(listener: (debateId: string, program: MediaProgram | null) => void): () => void;
}

export interface CaptionManagerOptions {
  media: CaptionMediaSource;
  engine: CaptionEngine;
  sink: CaptionSink;
  clock: Clock;
  logger: MediaLogger;
  /** Without audio for this long, silence is written so the engine closes its utterance. */
  idleFlushMs?: number;
}

const FLUSH_SECONDS = 1;
const REOPEN_DELAY_MS = 2000;

class CaptionStream {
  readonly #clock: SampleClock;
  #idle: NodeJS.Timeout | null = null;
  #flushed = true;

  constructor(
    readonly tap: AudioTap,
    readonly engine: EngineStream,
    private readonly o: CaptionManagerOptions,
    debateId: string,
  ) {
    const rate = o.engine.sampleRate;
    this.#clock = new SampleClock(rate);
    tap.onPcm((pcm) => {
      this.#clock.wrote(pcm.length / 2, o.clock.now());
      engine.write(pcm);
      this.#flushed = false;
      this.#armIdle();
    });
    engine.onResult((r: EngineResult) => {
      const words = r.words.map((w) => ({ word: w.word, start: this.#clock.at(w.startSec), end: this.#clock.at(w.endSec) }));
      o.sink.words(debateId, words, r.final, o.engine.id);
    });
  }

  /** Silence after the last word, so the engine ends the utterance now rather than at the next speech. */
  flush(): void {
    if (this.#flushed) return;
    this.#flushed = true;
    const samples = this.o.engine.sampleRate * FLUSH_SECONDS;
    this.#clock.wrote(samples, this.o.clock.now() + FLUSH_SECONDS * 1000);
    this.engine.write(Buffer.alloc(samples * 2));
  }

  #armIdle(): void {
    if (this.#idle) clearTimeout(this.#idle);
    this.#idle = setTimeout(() => this.flush(), this.o.idleFlushMs ?? 600);
  }

  async close(): Promise<void> {
    if (this.#idle) clearTimeout(this.#idle);
    this.flush();
    this.tap.close();
    await this.engine.close();
  }
}

export class CaptionManager {
  readonly #o: CaptionManagerOptions;
  readonly #streams = new Map<string, CaptionStream>();
  /** One update at a time per debate, in program order. */
  readonly #chains = new Map<string, Promise<void>>();
  readonly #unsubscribe: () => void;
  #closed = false;

  constructor(o: CaptionManagerOptions) {
    this.#o = o;
    this.#unsubscribe = o.media.onProgramChange((debateId) => this.#enqueue(debateId));
  }

  /** Debates captioned on this node now (metrics, benchmark). */
  get activeCount(): number {
    return this.#streams.size;
  }

  #enqueue(debateId: string): void {
    if (this.#closed) return;
    const next = (this.#chains.get(debateId) ?? Promise.resolve())
      .then(() => this.#update(debateId))
      .catch((err: Error) => this.#o.logger.error({ debateId, err: err.message }, 'captions: update failed'));
    this.#chains.set(debateId, next);
  }

  async #update(debateId: string): Promise<void> {
    if (this.#closed) return;
    const session = this.#o.media.session(debateId);
    const router = session && !session.closed ? session.mediasoupRoom.router : null;
    const audio = session && router ? (feedFromProgram(session.program, session.mediasoupRoom.producers()).audio ?? null) : null;
    const stream = this.#streams.get(debateId);
    if (!router) {
      if (stream) await this.#end(debateId);
      return;
    }
    if (stream) {
      if (stream.tap.producerId === audio) return;
      stream.flush();
      await stream.tap.switchTo(audio);
      return;
    }
    if (!audio) return;
    const tap = await openAudioTap(router, audio, this.#o.engine.sampleRate);
    if (this.#closed) return tap.close();
    const engine = this.#o.engine.open();
    const s = new CaptionStream(tap, engine, this.#o, debateId);
    const lost = (reason: string) => {
      if (this.#streams.get(debateId) !== s) return;
      this.#o.logger.error({ debateId, reason }, 'captions: stream lost, reopening');
      // A pause before reopening, so an engine that cannot start does not spin.
      void this.#end(debateId).then(() => setTimeout(() => this.#enqueue(debateId), REOPEN_DELAY_MS).unref());
    };
    tap.onExit(lost);
    engine.onExit(lost);
    this.#streams.set(debateId, s);
    this.#o.logger.info({ debateId, engine: this.#o.engine.id }, 'captions: stream opened');
  }

  async #end(debateId: string): Promise<void> {
    const s = this.#streams.get(debateId);
    if (!s) return;
    this.#streams.delete(debateId);
    await s.close();
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#unsubscribe();
    await Promise.all([...this.#chains.values()]);
    await Promise.all([...this.#streams.keys()].map((id) => this.#end(id)));
  }
}
