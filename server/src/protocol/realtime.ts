// Socket events owned by the realtime gateway itself (not by a domain module), and the
// shapes the server pushes. Domain command schemas live beside: turns.ts, polls.ts,
// questions.ts.
import { z } from 'zod';
import { IdSchema } from './common.ts';

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

export const PollVoteSchema = z.strictObject({
  pollId: IdSchema,
  /** Option indices (single/multiple) or the chosen value (scale), as an array. */
  choices: z.array(z.number().int().min(0).max(100)).min(1).max(20),
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
