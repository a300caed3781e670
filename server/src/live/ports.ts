// What the application layer needs from infrastructure, as narrow interfaces so that
// live debates can be wired to PGlite/PostgreSQL, a single node or Redis, and tested.
import type { DebateEvent, Actor, EventDraft } from '../domain/types.ts';
import type { DebateState } from '../domain/state.ts';
import type { PollResults } from '../domain/polls/index.ts';

/** A domain draft stamped with its instant and actor, ready for the log. */
export type EventDraftStamped = EventDraft & { at: number; actor: Actor };

/** A command sent with an idempotency key: its result is stored with its events. */
export interface CommandRecord {
  commandId: string;
  /** sha256 of what the command was (name, payload, sender): tells a retry from a reuse. */
  fingerprint: string;
  result(events: DebateEvent[]): unknown;
}

export interface EventLog {
  append(
    debateId: string,
    head: { seq: number; hash: string },
    drafts: EventDraftStamped[],
    opts?: { command?: CommandRecord | undefined },
  ): Promise<DebateEvent[]>;
  load(debateId: string, afterSeq?: number, limit?: number): Promise<DebateEvent[]>;
  /** The stored record of a keyed command, if it was applied. */
  findCommand(debateId: string, commandId: string): Promise<{ fingerprint: string; result: unknown } | null>;
}

/** The ballots table as the live layer sees it (db/ballot-store.ts): written by any node. */
export interface BallotBox {
  submit(b: {
    debateId: string;
    pollId: string;
    participantId: string;
    choices: number[];
    castAt: number;
    clientSeq?: number | undefined;
  }): Promise<{ receipt: string; version: number }>;
  /** Resolves once everything this node submitted before the call is settled. */
  flush(): Promise<void>;
  count(pollId: string): Promise<{ total: number; byChoice: Record<number, number> }>;
  load(pollId: string): Promise<{ participantId: string; choices: number[] }[]>;
  digest(pollId: string): Promise<string>;
  /** No ballot is stored for the poll after this resolves, on any node (before the final count). */
  closeGate(pollId: string, at: number): Promise<void>;
  /** The poll's debate and definition, to check a ballot on any node; null if unknown. */
  poll(pollId: string): Promise<BallotPoll | null>;
  /** A voter's stored ballots in these polls. */
  mine(pollIds: string[], participantId: string): Promise<Record<string, number[]>>;
}

export interface BallotPoll {
  debateId: string;
  kind: string;
  options: unknown[];
  maxChoices: number | null;
  scaleMax: number | null;
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
  /** Stamp, append (durable first, with the keyed command's record if any), fold, broadcast. */
  commit(drafts: EventDraft[], actor: Actor, now: number, command?: CommandRecord): Promise<DebateEvent[]>;
}

/** Which of these participants have a socket connected, on any node (the Socket.IO adapter spans them); one request per batch. */
export interface PresenceProbe {
  /** Per connected participant, the nodes their sockets are on (absent: no socket anywhere). */
  connected(debateId: string, participantIds: readonly string[]): Promise<ReadonlyMap<string, ReadonlySet<string>>>;
}

/** Which nodes are alive (several nodes: heartbeats in Redis, bus/node-heartbeat.ts). */
export interface NodeLiveness {
  /** The alive ones among `nodeIds`, each with the time of its last heartbeat. */
  alive(nodeIds: readonly string[]): Promise<Map<string, number>>;
}
