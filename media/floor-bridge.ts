// Floor control on the server: floor signals (the domain's committed floor events,
// translated by the composition root) drive the media sessions: granted -> resume the
// holder, halted -> pause, running -> resume, ended -> pause, and close a citizen's
// producers.
//
// The microphone cut at a hard deadline is not left to the `ended` signal: its event is
// appended to the log before it is broadcast, so storage latency would delay the cut. The
// bridge sets its own timer at the signal's `cutAt` (floor-cuts.ts) and pauses the holder
// the moment it passes; any later signal of that debate replaces the timer, so it can only
// fire for the turn, holder and running segment it was set for. Debates without an open
// media session are left alone: opening one applies the floor as it stands (sync).
import type { Clock } from '../server/src/clock.ts';
import type { FloorHolder } from './debate-media-session.ts';
import { cutDelay, trackFloor, trackOfView, type FloorTrack } from './floor-cuts.ts';
import type { FloorSignal, FloorView } from './ports.ts';
import { realTimers, type TimerHandle, type Timers } from './timers.ts';

/** The floor-control surface of a debate's media session (DebateMediaSession has it). */
export interface FloorControlled {
  readonly debateId: string;
  floorGranted(holder: FloorHolder): void;
  /** Paused, or cut at the deadline (then `participantId` must still hold it). */
  floorHalted(participantId?: string): void;
  floorRunning(): void;
  floorEnded(participantId: string): void;
}

export interface FloorBridgeOptions {
  clock: Clock;
  timers?: Timers;
  /** The open media session of a debate, if any. */
  session: (debateId: string) => FloorControlled | null;
  onDebateEnded: (debateId: string) => void;
}

export class FloorBridge {
  readonly #o: FloorBridgeOptions;
  readonly #timers: Timers;
  readonly #tracks = new Map<string, FloorTrack>();
  readonly #cuts = new Map<string, TimerHandle>();
  /** Signals seen per debate (a number per debate, kept): a session opening compares it around its read of the floor. */
  readonly #generation = new Map<string, number>();
  #closed = false;

  constructor(o: FloorBridgeOptions) {
    this.#o = o;
    this.#timers = o.timers ?? realTimers;
  }

  /** Synchronous, in commit order; never throws. */
  handle(signal: FloorSignal): void {
    if (this.#closed) return;
    const id = signal.debateId;
    this.#generation.set(id, this.generation(id) + 1);
    if (signal.type === 'debateEnded') {
      this.#forget(id);
      this.#o.onDebateEnded(id);
      return;
    }
    const session = this.#o.session(id);
    if (!session) return this.#forget(id);
    this.#set(id, trackFloor(this.#tracks.get(id) ?? null, signal));
    switch (signal.type) {
      case 'granted':
        return session.floorGranted({ participantId: signal.participantId, role: signal.role, mode: signal.mode });
      case 'halted':
        return session.floorHalted();
      case 'running':
        return session.floorRunning();
      case 'ended':
        return session.floorEnded(signal.participantId);
    }
  }

  /** Changes whenever a signal of this debate arrives. */
  generation(debateId: string): number {
    return this.#generation.get(debateId) ?? 0;
  }

  /** A session opened mid-debate (or after a restart): apply the floor as it stands. */
  sync(session: FloorControlled, floor: FloorView | null): void {
    if (this.#closed) return;
    this.#set(session.debateId, trackOfView(floor));
    if (!floor) return;
    session.floorGranted({ participantId: floor.participantId, role: floor.role, mode: floor.mode });
    if (!floor.running) session.floorHalted(floor.participantId);
  }

  close(): void {
    this.#closed = true;
    for (const handle of this.#cuts.values()) this.#timers.clear(handle);
    this.#cuts.clear();
    this.#tracks.clear();
  }

  #set(debateId: string, track: FloorTrack | null): void {
    this.#forget(debateId);
    if (!track) return;
    this.#tracks.set(debateId, track);
    this.#arm(debateId, track);
  }

  #forget(debateId: string): void {
    const handle = this.#cuts.get(debateId);
    if (handle) this.#timers.clear(handle);
    this.#cuts.delete(debateId);
    this.#tracks.delete(debateId);
  }

  #arm(debateId: string, track: FloorTrack): void {
    const delay = cutDelay(track, this.#o.clock.now());
    if (delay === null) return;
    const handle = this.#timers.set(() => {
      if (this.#cuts.get(debateId) !== handle) return;
      this.#cuts.delete(debateId);
      if (this.#closed || this.#tracks.get(debateId) !== track) return;
      if (cutDelay(track, this.#o.clock.now()) !== 0) return this.#arm(debateId, track);
      this.#o.session(debateId)?.floorHalted(track.participantId);
    }, delay);
    this.#cuts.set(debateId, handle);
  }
}
