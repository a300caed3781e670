// Shared by the media tests: they run against the real mediasoup worker binary built by
// media/worker/build-worker.sh. A missing binary fails the suite with that instruction;
// nothing is skipped.
import { accessSync, constants } from 'node:fs';
import { beforeAll, beforeEach } from 'vitest';
import { parseMediaConfig, type MediaConfig, type MediaConfigInput } from '../../../media/config.ts';
import type { MediaLogger } from '../../../media/logger.ts';
import type { TimerHandle, Timers } from '../../../media/timers.ts';
import { workerBinaryPath, workerCacheLocation } from '../../../media/worker/locate.ts';
import type { FakeClock } from '../../src/clock.ts';
import type { MediaProduce } from '../../src/protocol/media.ts';

export function requireWorkerBinary(): string {
  const bin = workerBinaryPath();
  const hint = `mediasoup worker binary missing (expected ${workerCacheLocation().binary}): run media/worker/build-worker.sh`;
  if (!bin) throw new Error(hint);
  try {
    accessSync(bin, constants.X_OK);
  } catch (err) {
    throw new Error(`${hint} [${(err as Error).message}]`);
  }
  return bin;
}

/**
 * Runs a suite's setup once; if the worker binary is missing or setup fails, every test
 * of the suite fails with that error (instead of being reported as skipped).
 */
export function withWorker(setup: () => Promise<void>): void {
  let failure: unknown = null;
  beforeAll(async () => {
    try {
      requireWorkerBinary();
      await setup();
    } catch (err) {
      failure = err;
    }
  });
  beforeEach(() => {
    if (failure) throw failure;
  });
}

/** Each test file gets its own port range so parallel files do not compete. */
export function testMediaConfig(overrides: MediaConfigInput): MediaConfig {
  return parseMediaConfig({ workers: 1, logLevel: 'error', ...overrides });
}

export interface LogLine {
  level: 'info' | 'warn' | 'error';
  msg: string;
  obj: object;
}
export function collectingLogger(): MediaLogger & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  return {
    lines,
    info: (obj, msg) => lines.push({ level: 'info', msg, obj }),
    warn: (obj, msg) => lines.push({ level: 'warn', msg, obj }),
    error: (obj, msg) => lines.push({ level: 'error', msg, obj }),
  };
}

/** Valid Opus RTP parameters, as an encoder sending plain RTP (e.g. FFmpeg) would use. */
export function opusRtpParameters(ssrc: number): MediaProduce['rtpParameters'] {
  return {
    codecs: [{ mimeType: 'audio/opus', payloadType: 101, clockRate: 48_000, channels: 2, parameters: { 'sprop-stereo': 1 } }],
    encodings: [{ ssrc }],
    rtcp: { cname: `test-${ssrc}` },
  };
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw err;
  }
}

/**
 * The media layer's timers on a FakeClock: `advance(ms)` moves the clock and fires, in
 * order and each at its own instant, the timers that fall due; `fireEarly()` fires the
 * next one before its time (as a real timer may, against the server clock).
 */
interface DueTimer {
  at: number;
  fn: () => void;
  handle: TimerHandle;
}

export class ManualTimers implements Timers {
  readonly #due: DueTimer[] = [];

  constructor(readonly clock: FakeClock) {}

  set(fn: () => void, ms: number): TimerHandle {
    const handle: TimerHandle = { timer: Symbol('timer') };
    this.#due.push({ at: this.clock.now() + ms, fn, handle });
    return handle;
  }

  clear(handle: TimerHandle): void {
    const i = this.#due.findIndex((t) => t.handle === handle);
    if (i >= 0) this.#due.splice(i, 1);
  }

  /** Timers set and not yet fired or cleared. */
  get pending(): number {
    return this.#due.length;
  }

  advance(ms: number): void {
    const target = this.clock.now() + ms;
    for (;;) {
      const next = this.#next();
      if (!next || next.at > target) break;
      this.clock.set(Math.max(this.clock.now(), next.at));
      this.#fire(next);
    }
    this.clock.set(target);
  }

  fireEarly(): void {
    const next = this.#next();
    if (next) this.#fire(next);
  }

  /** The earliest; the first set among equals. */
  #next(): DueTimer | undefined {
    return this.#due.reduce<DueTimer | undefined>((a, t) => (a && a.at <= t.at ? a : t), undefined);
  }

  #fire(t: DueTimer): void {
    this.#due.splice(this.#due.indexOf(t), 1);
    t.fn();
  }
}
