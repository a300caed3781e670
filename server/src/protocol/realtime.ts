// Socket events owned by the realtime gateway itself (not by a domain module), the
// shapes the server pushes (state:snapshot, debate:event, poll:tally) and the ack data of
// commands and votes. Domain command schemas live beside: turns.ts, polls.ts,
// questions.ts; event payloads in events/, views in views.ts.
import { z } from 'zod';
import { IdSchema } from './common.ts';
import { PollResultsSchema } from './polls.ts';
import { DebateViewSchema } from './views.ts';

export { WireEventSchema, type WireEvent } from './events/index.ts';

/** NTP-style clock sync: the client sends its send time t0 (its own clock, ms). */
export const TimeSyncSchema = z.strictObject({ t0: z.number().finite() });
export type TimeSync = z.infer<typeof TimeSyncSchema>;
/** t1 = server receive time, t2 = server send time; offset ≈ ((t1 - t0) + (t2 - t3)) / 2. */
export interface TimeSyncReply {
  t0: number;
  t1: number;
  t2: number;
}

/** Ask for the full state again (after a seq gap or a reconnection). */
export const StateResyncSchema = z.strictObject({ afterSeq: z.number().int().min(0).optional() });
export type StateResync = z.infer<typeof StateResyncSchema>;

export const EmptySchema = z.strictObject({});

/**
 * The idempotency key of a client command: a client-generated id, sent as the field
 * `commandId` beside the command's own fields (the gateway takes it out before the
 * command's schema parses the rest). A command sent again with the same key (after a
 * timeout, a reconnection) returns its first result instead of running again; the same
 * key with another command is IDEMPOTENCY_KEY_REUSED. Keys are per debate.
 */
export const COMMAND_ID_FIELD = 'commandId';
export const CommandIdSchema = z.string().min(8).max(64).regex(/^[A-Za-z0-9_-]+$/, 'expected an idempotency key');
export type CommandId = z.infer<typeof CommandIdSchema>;

export const PollVoteSchema = z.strictObject({
  pollId: IdSchema,
  /** Option indices (single/multiple) or the chosen value (scale), as an array. */
  choices: z.array(z.number().int().min(0).max(100)).min(1).max(20),
  /**
   * The voter's own sequence number for this ballot, higher for each ballot they send
   * (the browser client: the time in ms, or one more than its last). A ballot whose
   * number is not above the stored one never replaces it: same number and same choices
   * is a retry (acknowledged again with the stored version), lower is BALLOT_SUPERSEDED.
   * Without it, ballots count in the order they reach the database.
   */
  seq: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
});
export type PollVote = z.infer<typeof PollVoteSchema>;

export const PollCloseSchema = z.strictObject({ pollId: IdSchema });
export type PollClose = z.infer<typeof PollCloseSchema>;

/** Names of the messages the server emits. */
export const SERVER_EVENTS = {
  snapshot: 'state:snapshot',
  event: 'debate:event',
  tally: 'poll:tally',
} as const;

/** `state:snapshot`, and the ack data of `state:resync`. */
export const SnapshotSchema = z.object({
  seq: z.number().int().min(0),
  serverTime: z.number(),
  state: DebateViewSchema,
});
export type Snapshot = z.infer<typeof SnapshotSchema>;

/** `poll:tally`: live results, not part of the log. */
export const TallyMessageSchema = z.object({ pollId: z.string(), results: PollResultsSchema, at: z.number() });
export type TallyMessage = z.infer<typeof TallyMessageSchema>;

/** The ack data of a domain or lifecycle command: the events it appended, and what it created. */
export const CommandResultSchema = z.object({
  /** The debate's seq once the command is applied. */
  seq: z.number().int().min(0),
  events: z.array(z.object({ seq: z.number().int(), type: z.string() })),
  pollId: z.string().optional(),
  questionId: z.string().optional(),
  contributionId: z.string().optional(),
  turnId: z.string().optional(),
  /** poll:close: the exact result counted in the database. */
  results: PollResultsSchema.optional(),
});
export type CommandResult = z.infer<typeof CommandResultSchema>;

/** The ack data of `poll:vote`, sent once the ballot is durable. */
export const VoteReceiptSchema = z.object({
  pollId: z.string(),
  /** The ballot as counted (normalised: ascending). */
  choices: z.array(z.number().int()),
  receipt: z.string(),
  version: z.number().int(),
});
export type VoteReceipt = z.infer<typeof VoteReceiptSchema>;
