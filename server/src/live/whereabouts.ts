// Where each present participant's sockets are, as the owner last counted them, and the
// rule that finds people whose every node has died. A node that dies (kill -9, power cut)
// sends no disconnection, so its people would stay "connected" forever; the owner instead
// asks, now and then, which of the nodes it has seen them on are still alive (node
// heartbeats, bus/node-heartbeat.ts), and records away those whose nodes are all gone
// (a socket they opened on another node since was counted by its own report). They are
// away since the last moment one of their nodes was known alive: at most the
// moment it died, so the grace period of "next" is not stretched by the detection delay.
// A node that was only frozen (and beats again) may still hold their sockets: those marked
// away with it are recounted once it is back (`revived`).
// Pure and clock-free: the caller passes `now` (unit-tested with a fake clock).
import type { Role } from '../protocol/common.ts';

export interface Whereabout {
  participantId: string;
  name: string;
  role: Role;
  /** The last moment any of their nodes was known alive. */
  since: number;
}

export class Whereabouts {
  private readonly seen = new Map<string, { name: string; role: Role; nodes: Set<string> }>();
  /** Marked away because their nodes stopped beating: recounted if one of them beats again. */
  private readonly lost = new Map<string, { name: string; role: Role; nodes: Set<string> }>();
  /** Per node, the last moment it was known alive (it answered a count, or its last heartbeat). */
  private readonly lastAlive = new Map<string, number>();

  /** A count answered at `now`: the participant's sockets are on `nodes` (empty: away, forgotten). */
  record(participantId: string, who: { name: string; role: Role }, nodes: Iterable<string>, now: number): void {
    const set = new Set(nodes);
    this.lost.delete(participantId);
    if (set.size === 0) {
      this.seen.delete(participantId);
      return;
    }
    for (const n of set) this.lastAlive.set(n, Math.max(this.lastAlive.get(n) ?? now, now));
    this.seen.set(participantId, { ...who, nodes: set });
  }

  /** The nodes someone present was seen on, or someone lost with: those whose liveness matters. */
  nodes(): string[] {
    const all = new Set<string>();
    for (const s of [...this.seen.values(), ...this.lost.values()]) for (const n of s.nodes) all.add(n);
    return [...all];
  }

  get size(): number {
    return this.seen.size + this.lost.size;
  }

  /** Recorded away because of a dead node (after `orphans`): remembered with those nodes. */
  lostWithNodes(participantId: string, who: { name: string; role: Role }): void {
    const s = this.seen.get(participantId);
    this.seen.delete(participantId);
    if (s) this.lost.set(participantId, { ...who, nodes: s.nodes });
  }

  /** Those lost with a node that beats again (it was frozen, not dead): to recount, forgotten here. */
  revived(alive: ReadonlyMap<string, number>): { participantId: string; name: string; role: Role }[] {
    const out: { participantId: string; name: string; role: Role }[] = [];
    for (const [participantId, s] of this.lost) {
      if (![...s.nodes].some((n) => alive.has(n))) continue;
      out.push({ participantId, name: s.name, role: s.role });
      this.lost.delete(participantId);
    }
    return out;
  }

  /**
   * After a liveness check (`alive`: the nodes whose heartbeat is there, with its time), the
   * participants none of whose nodes is alive. They stay here until the caller records
   * them away (if that fails, the next sweep finds them again).
   */
  orphans(alive: ReadonlyMap<string, number>, now: number): Whereabout[] {
    for (const [n, beat] of alive) this.lastAlive.set(n, Math.max(this.lastAlive.get(n) ?? beat, beat));
    const out: Whereabout[] = [];
    for (const [participantId, s] of this.seen) {
      if ([...s.nodes].some((n) => alive.has(n))) continue;
      const since = Math.max(...[...s.nodes].map((n) => this.lastAlive.get(n) ?? now));
      out.push({ participantId, name: s.name, role: s.role, since });
    }
    return out;
  }
}
