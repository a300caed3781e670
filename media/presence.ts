// Which participants have a socket on a debate, and the grace period after their last
// socket leaves: a brief disconnection (network change, page reload) keeps their media;
// only when the grace period passes without a reconnection is `onGone` called.
import { realTimers, type TimerHandle, type Timers } from './timers.ts';

const key = (debateId: string, participantId: string) => `${debateId}\u0000${participantId}`;

export interface PresenceOptions {
  graceMs: number;
  onGone: (debateId: string, participantId: string) => void;
  timers?: Timers;
}

export class Presence {
  readonly #sockets = new Map<string, number>();
  readonly #pending = new Map<string, TimerHandle>();
  readonly #o: PresenceOptions;
  readonly #timers: Timers;

  constructor(o: PresenceOptions) {
    this.#o = o;
    this.#timers = o.timers ?? realTimers;
  }

  connected(debateId: string, participantId: string): void {
    const k = key(debateId, participantId);
    this.#sockets.set(k, (this.#sockets.get(k) ?? 0) + 1);
    this.#cancel(k);
  }

  disconnected(debateId: string, participantId: string): void {
    const k = key(debateId, participantId);
    const left = (this.#sockets.get(k) ?? 1) - 1;
    if (left > 0) {
      this.#sockets.set(k, left);
      return;
    }
    this.#sockets.delete(k);
    this.#cancel(k);
    const handle = this.#timers.set(() => {
      if (this.#pending.get(k) !== handle) return;
      this.#pending.delete(k);
      this.#o.onGone(debateId, participantId);
    }, this.#o.graceMs);
    this.#pending.set(k, handle);
  }

  /** Participants waiting out their grace period (for tests and diagnostics). */
  pending(): number {
    return this.#pending.size;
  }

  close(): void {
    for (const handle of this.#pending.values()) this.#timers.clear(handle);
    this.#pending.clear();
    this.#sockets.clear();
  }

  #cancel(k: string): void {
    const handle = this.#pending.get(k);
    if (handle) this.#timers.clear(handle);
    this.#pending.delete(k);
  }
}
