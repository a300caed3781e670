// Contracts shared by the pure domain modules (turns, polls, questions) and the
// application layer that persists and broadcasts their events.
//
// Flow: a command is decided against the current state and returns EventDrafts (or
// throws an AppError); the registry stamps each draft into a DebateEvent (seq, at,
// actor, hash), appends it to the log, then folds it into the state with `apply`.
// `apply` must be deterministic and use only the event (never the clock), so that a
// restarted server rebuilds the same state from the log.
import type { Role } from '../protocol/common.ts';

/** Who caused an event. `system` is the server itself (timers, recovery). */
export type Actor =
  | { kind: 'participant'; id: string; role: Role; name: string }
  | { kind: 'admin' }
  | { kind: 'system' };

/** An event as produced by a domain module, before the log stamps it. */
export interface EventDraft<T extends string = string, P = unknown> {
  type: T;
  payload: P;
}

/** An event as stored in `debate_events` and broadcast to clients. */
export interface DebateEvent<T extends string = string, P = unknown> {
  debateId: string;
  /** Gap-free, starts at 1 per debate. */
  seq: number;
  /** Server clock, ms since epoch. */
  at: number;
  actor: Actor;
  type: T;
  payload: P;
  /** SHA-256 (hex) of the canonical content chained with the previous hash. */
  hash: string;
}

/** What a command handler gets besides the state and its payload. */
export interface CommandContext {
  /** Server time of the command (ms); becomes the `at` of the events it produces. */
  now: number;
  actor: Actor;
  /** Deterministic id source (tests inject a counter; production uses random ids). */
  newId: () => string;
}
