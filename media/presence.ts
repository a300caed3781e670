// Which participants have a socket on a debate, and the grace period after their last
// socket leaves: a brief disconnection (network change, page reload) keeps their media;
// only when the grace period passes without a reconnection is `onGone` called.
const key = (debateId: string, participantId: string) => `${debateId}\u0000${participantId}`;

export class Presence {
  readonly #sockets = new Map<string, number>();
  readonly #timers = new Map<string, NodeJS.Timeout>();
  readonly #graceMs: number;
  readonly #onGone: (debateId: string, participantId: string) => void;

  constructor(graceMs: number, onGone: (debateId: string, participantId: string) => void) {
    this.#graceMs = graceMs;
    this.#onGone = onGone;
  }

  connected(debateId: string, participantId: string): void {
    const k = key(debateId, participantId);
    this.#sockets.set(k, (this.#sockets.get(k) ?? 0) + 1);
    const timer = this.#timers.get(k);
    if (timer) clearTimeout(timer);
    this.#timers.delete(k);
  }

  disconnected(debateId: string, participantId: string): void {
    const k = key(debateId, participantId);
    const left = (this.#sockets.get(k) ?? 1) - 1;
    if (left > 0) {
      this.#sockets.set(k, left);
      return;
    }
    this.#sockets.delete(k);
    const timer = setTimeout(() => {
      this.#timers.delete(k);
      this.#onGone(debateId, participantId);
    }, this.#graceMs);
    timer.unref();
    this.#timers.set(k, timer);
  }

  /** Participants waiting out their grace period (for tests and diagnostics). */
  pending(): number {
    return this.#timers.size;
  }

  close(): void {
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
    this.#sockets.clear();
  }
}
