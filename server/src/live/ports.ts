// What the application layer needs from infrastructure, as narrow interfaces so that
// live debates can be wired to PGlite/PostgreSQL, a single node or Redis, and tested.
import type { DebateEvent, Actor, EventDraft } from '../domain/types.ts';
import type { DebateState } from '../domain/state.ts';
import type { PollResults } from '../domain/polls/index.ts';

/** A domain draft stamped with its instant and actor, ready for the log. */
export type EventDraftStamped = EventDraft & { at: number; actor: Actor };

export interface EventLog {
  append(debateId: string, head: { seq: number; hash: string }, drafts: EventDraftStamped[]): Promise<DebateEvent[]>;
  load(debateId: string, afterSeq?: number, limit?: number): Promise<DebateEvent[]>;
}

export interface BallotBox {
  submit(b: {
    debateId: string;
    pollId: string;
    participantId: string;
    choices: number[];
    castAt: number;
  }): Promise<{ receipt: string; version: number }>;
  flush(): Promise<void>;
  count(pollId: string): Promise<{ total: number; byChoice: Record<number, number> }>;
  load(pollId: string): Promise<{ participantId: string; choices: number[] }[]>;
  digest(pollId: string): Promise<string>;
}

/** Fan-out to connected clients (realtime layer); redaction per viewer happens there. */
export interface Broadcaster {
  event(event: DebateEvent): void;
  tally(debateId: string, pollId: string, results: PollResults, visibleToAll: boolean): void;
  /** Sockets following a debate on this node (sizes the tally broadcast budget). */
  audience(debateId: string): number;
}

/** Listeners of committed events (the media layer reacts to floor events). */
export type EventListener = (event: DebateEvent) => void;

/**
 * The single writer of one live debate as its helpers see it (the poll desk closes polls
 * through it): the current state, and committing drafts. Call `commit` only from inside
 * the debate's serialized run (LiveDebate.run).
 */
export interface DebateWriter {
  readonly id: string;
  state(): DebateState;
  /** Stamp, append (durable first), fold, broadcast. */
  commit(drafts: EventDraft[], actor: Actor, now: number): Promise<DebateEvent[]>;
}

/** Which of these participants have a socket connected, on any node (the Socket.IO adapter spans them); one request per batch. */
export interface PresenceProbe {
  connected(debateId: string, participantIds: readonly string[]): Promise<Set<string>>;
}
