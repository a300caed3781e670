// Contracts shared by the pure domain modules (turns, polls, questions) and the
// application layer that persists and broadcasts their events.
//
// Flow: a command is decided against the current state and returns EventDrafts (or
// throws an AppError); the registry stamps each draft into a DebateEvent (seq, at,
// actor, hash), appends it to the log, then folds it into the state with `apply`.
// `apply` must be deterministic and use only the event (never the clock), so that a
// restarted server rebuilds the same state from the log.
//
// The shapes themselves are the protocol's (protocol/events/: one discriminated union
// keyed on `type`, the types derived from its zod schemas); re-exported here.
import type { Actor } from '../protocol/common.ts';

export type { Actor };
export type { DebateEvent, EventDraft, EventPayload, EventPayloads, EventType, ViewerEvent } from '../protocol/events/index.ts';

/** What a command handler gets besides the state and its payload. */
export interface CommandContext {
  /** Server time of the command (ms); becomes the `at` of the events it produces. */
  now: number;
  actor: Actor;
  /** Deterministic id source (tests inject a counter; production uses random ids). */
  newId: () => string;
  /** How long someone may be away before "next" passes over them (PRESENCE_GRACE_MS). */
  presenceGraceMs?: number;
}
