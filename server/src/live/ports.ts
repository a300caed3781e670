// What the application layer needs from infrastructure, as narrow interfaces so that
// live debates can be wired to PGlite/PostgreSQL, a single node or Redis, and tested.
import type { DebateEvent, Actor } from '../domain/types.ts';
import type { PollResults } from '../domain/polls/index.ts';

export interface EventDraftStamped {
  at: number;
  actor: Actor;
  type: string;
  payload: unknown;
}

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
