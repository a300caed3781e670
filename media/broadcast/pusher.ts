// One RTMP(S) destination of a debate: an FFmpeg copying the feed hub's MPEG-TS to the
// ingest (`url/streamKey`), its state (push-policy.ts) reported on every change, retried
// after its own backoff when it exits. The stream key is only in FFmpeg's arguments: every
// line FFmpeg prints goes through redact() before it reaches a reason or a log.
import type { PushState } from '../../server/src/protocol/broadcast.ts';
import type { MediaLogger } from '../logger.ts';
import type { FeedHub } from './feed-hub.ts';
import { FfmpegChild } from './ffmpeg-child.ts';
import { pushArgs, pushTarget } from './hls-args.ts';
import { IDLE_PUSH, nextPush, type PushInput, type PushStatus, type PushTimings } from './push-policy.ts';

export interface PushDestination {
  id: string;
  label: string;
  url: string;
  streamKey: string;
}

export interface PusherOptions {
  destination: PushDestination;
  hub: FeedHub;
  ffmpeg: string;
  timings: PushTimings;
  now: () => number;
  logger: MediaLogger;
  onState: (status: PushStatus) => void;
}

export class Pusher {
  readonly #o: PusherOptions;
  #status: PushStatus = IDLE_PUSH;
  #child: FfmpegChild | null = null;
  #unsubscribe: (() => void) | null = null;
  #timer: NodeJS.Timeout | null = null;
  #stopped = false;

  constructor(o: PusherOptions) {
    this.#o = o;
  }

  get id(): string {
    return this.#o.destination.id;
  }
  get status(): PushStatus {
    return this.#status;
  }
  get state(): PushState {
    return this.#status.state;
  }

  start(): void {
    if (this.#stopped || this.#child) return;
    this.#apply({ type: 'connect' });
    const d = this.#o.destination;
    const target = pushTarget(d.url, d.streamKey);
    const child = new FfmpegChild(this.#o.ffmpeg, pushArgs(target), { stdin: 'pipe', secrets: [d.streamKey, target] });
    this.#child = child;
    const stdin = child.stdin as (NodeJS.WritableStream & { writableLength?: number }) | null;
    this.#unsubscribe = this.#o.hub.subscribe({
      write: (chunk) => (stdin ? stdin.write(chunk) : false),
      get backlog() {
        return stdin?.writableLength ?? 0;
      },
      drop: () => child.kill(),
    });
    void child.waitUntilWriting(30_000).then((ok) => {
      if (ok && this.#child === child && !this.#stopped) this.#apply({ type: 'accepted', now: this.#o.now() });
    });
    void child.exited.then(() => {
      this.#unsubscribe?.();
      this.#unsubscribe = null;
      if (this.#child !== child) return;
      this.#child = null;
      if (this.#stopped) return;
      const reason = child.reason();
      this.#o.logger.warn({ destinationId: d.id, reason }, 'broadcast: push ended');
      const retryIn = this.#apply({ type: 'exited', now: this.#o.now(), reason });
      if (retryIn !== null) {
        this.#timer = setTimeout(() => {
          this.#timer = null;
          this.start();
        }, retryIn);
        this.#timer.unref?.();
      }
    });
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    const child = this.#child;
    this.#child = null;
    this.#unsubscribe?.();
    this.#unsubscribe = null;
    if (child) await child.stop();
    this.#apply({ type: 'stopped' });
  }

  #apply(input: PushInput): number | null {
    const { status, retryInMs } = nextPush(this.#status, input, this.#o.timings);
    const changed = status.state !== this.#status.state || status.reason !== this.#status.reason;
    this.#status = status;
    // An exit is told twice: failed (with the reason), then retrying (with when).
    if (input.type === 'exited') this.#o.onState({ ...status, state: 'failed', retryAt: null });
    if (changed) this.#o.onState(status);
    return retryInMs;
  }
}
