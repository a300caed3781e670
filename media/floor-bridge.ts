// Floor control on the server: the debate core's committed floor events drive the
// media sessions (granted -> resume the holder, paused -> pause, resumed / extended ->
// resume, expired / ended -> pause, and close a citizen's producers).
//
// A hard expiry is not left to the `floor:expired` event alone: that event is appended
// to the log before it is broadcast, so storage latency would delay the cut. The bridge
// keeps its own timer at the deadline of every running oral turn and pauses the holder
// the moment it passes (after checking the state still says so: same turn, running,
// hard expiry, deadline reached); the event that follows then closes what must close.
// Debates without an open media session are left alone: opening one applies the floor
// as it stands (sync), deadline timer included.
import type { Clock } from '../server/src/clock.ts';
import type { DebateState } from '../server/src/domain/state.ts';
import type { FloorExtended, FloorGranted, FloorResumed } from '../server/src/domain/turns/events.ts';
import type { DebateEvent } from '../server/src/domain/types.ts';
import type { DebateMediaSession } from './debate-media-session.ts';
import type { MediaLogger } from './logger.ts';
import type { DebateSource } from './ports.ts';

export interface FloorBridgeOptions {
  source: DebateSource;
  clock: Clock;
  log: MediaLogger;
  /** The open media session of a debate, if any. */
  session: (debateId: string) => DebateMediaSession | null;
  onDebateEnded: (debateId: string) => void;
}

export class FloorBridge {
  readonly #o: FloorBridgeOptions;
  readonly #deadlines = new Map<string, NodeJS.Timeout>();
  #closed = false;

  constructor(o: FloorBridgeOptions) {
    this.#o = o;
  }

  /** The registry's event listener: synchronous, never throws. */
  handle(e: DebateEvent): void {
    if (this.#closed) return;
    const id = e.debateId;
    const dm = this.#o.session(id);
    switch (e.type) {
      case 'floor:granted': {
        const p = e.payload as FloorGranted;
        if (!dm) return;
        dm.floorGranted({ participantId: p.participantId, role: p.role, mode: p.mode });
        if (p.mode === 'oral') this.#schedule(id, p.turnId, p.deadline);
        return;
      }
      case 'floor:paused':
        this.#clear(id);
        dm?.floorHalted();
        return;
      case 'floor:resumed': {
        const p = e.payload as FloorResumed;
        if (!dm) return;
        dm.floorRunning();
        this.#schedule(id, p.turnId, p.deadline);
        return;
      }
      case 'floor:extended': {
        const p = e.payload as FloorExtended;
        if (!dm || p.deadline === null) return;
        dm.floorRunning();
        this.#schedule(id, p.turnId, p.deadline);
        return;
      }
      case 'floor:expired':
      case 'floor:ended':
        this.#clear(id);
        dm?.floorEnded((e.payload as { participantId: string }).participantId);
        return;
      case 'debate:ended':
        this.#clear(id);
        this.#o.onDebateEnded(id);
    }
  }

  /** A session opened mid-debate (or after a restart): apply the floor as it stands. */
  sync(dm: DebateMediaSession, state: DebateState): void {
    const floor = state.turns.floor;
    if (!floor) return;
    dm.floorGranted({ participantId: floor.participantId, role: floor.role, mode: floor.mode });
    if (floor.runningSince === null) dm.floorHalted(floor.participantId);
    else if (floor.deadline !== null && floor.mode === 'oral') this.#schedule(dm.debateId, floor.turnId, floor.deadline);
  }

  close(): void {
    this.#closed = true;
    for (const timer of this.#deadlines.values()) clearTimeout(timer);
    this.#deadlines.clear();
  }

  #schedule(debateId: string, turnId: string, deadline: number): void {
    this.#clear(debateId);
    if (this.#closed) return;
    const timer = setTimeout(() => {
      this.#deadlines.delete(debateId);
      this.#deadlineReached(debateId, turnId);
    }, Math.max(0, deadline - this.#o.clock.now()));
    timer.unref();
    this.#deadlines.set(debateId, timer);
  }

  #clear(debateId: string): void {
    const timer = this.#deadlines.get(debateId);
    if (timer) clearTimeout(timer);
    this.#deadlines.delete(debateId);
  }

  #deadlineReached(debateId: string, turnId: string): void {
    this.#read(debateId, (state) => {
      const floor = state.turns.floor;
      if (!floor || floor.turnId !== turnId || floor.deadline === null || floor.mode !== 'oral') return;
      if (state.modalities.turn.expiry !== 'hard') return;
      // Timers may fire a little early against the injected clock: wait out the rest.
      if (floor.deadline > this.#o.clock.now()) return this.#schedule(debateId, turnId, floor.deadline);
      this.#o.session(debateId)?.floorHalted(floor.participantId);
    });
  }

  #read(debateId: string, fn: (state: DebateState) => void): void {
    this.#o.source.get(debateId).then(
      ({ state }) => {
        if (!this.#closed) fn(state);
      },
      (err: unknown) => this.#o.log.warn({ debateId, err: (err as Error).message }, 'floor bridge: debate state unavailable'),
    );
  }
}
