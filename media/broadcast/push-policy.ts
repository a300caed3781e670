// How an RTMP push lives (pure): connecting → live once the ingest accepts the stream;
// on an exit, failed (with the reason) then retrying after a backoff that doubles up to a
// maximum, reset once a push had stayed live `healthyMs`. One destination's failures
// never touch another's: each push has its own state.
import type { PushState } from '../../server/src/protocol/broadcast.ts';
import { retryDelay } from '../recording/policy.ts';

export interface PushTimings {
  retryBaseMs: number;
  retryMaxMs: number;
  /** A push that was live this long before it dropped retries at the base delay again. */
  healthyMs: number;
}

export const DEFAULT_PUSH_TIMINGS: PushTimings = { retryBaseMs: 1000, retryMaxMs: 30_000, healthyMs: 20_000 };

export interface PushStatus {
  state: PushState;
  reason: string | null;
  retryAt: number | null;
  /** Failures in a row (reset by a healthy run). */
  failures: number;
  liveSince: number | null;
}

export const IDLE_PUSH: PushStatus = { state: 'idle', reason: null, retryAt: null, failures: 0, liveSince: null };

export type PushInput =
  | { type: 'connect' }
  | { type: 'accepted'; now: number }
  | { type: 'exited'; now: number; reason: string }
  | { type: 'stopped' };

/** The next status, and the delay before the next attempt when one is due. */
export function nextPush(s: PushStatus, input: PushInput, t: PushTimings): { status: PushStatus; retryInMs: number | null } {
  switch (input.type) {
    case 'connect':
      return { status: { ...s, state: 'connecting', retryAt: null }, retryInMs: null };
    case 'accepted':
      return { status: { ...s, state: 'live', reason: null, retryAt: null, liveSince: input.now }, retryInMs: null };
    case 'exited': {
      const healthy = s.liveSince !== null && input.now - s.liveSince >= t.healthyMs;
      const failures = healthy ? 1 : s.failures + 1;
      const wait = retryDelay(failures, t);
      return {
        status: { state: 'retrying', reason: input.reason, retryAt: input.now + wait, failures, liveSince: null },
        retryInMs: wait,
      };
    }
    case 'stopped':
      return { status: IDLE_PUSH, retryInMs: null };
  }
}
