// When to start, switch, roll over or stop a debate's recording, decided from what is on
// air (pure; the debate's recording session applies the decision).
//
// - A recording starts once the program feed has media that flows (a paused producer
//   sends nothing, and FFmpeg cannot write before every track has had a packet). With
//   one kind only (a microphone), it waits `kindWaitMs` from the feed's first appearance
//   for the other (a browser publishes its camera a moment after its microphone), then
//   records what there is.
// - A switch of speaker keeps the file: the recording follows the program, paused
//   producers included (a paused floor is a silence in the file, not a cut), and nothing
//   on air is a gap.
// - The tracks of a file are fixed when it starts (see README.md, Limits): when a kind
//   the file lacks comes on air (an audio-only speaker was first, a camera follows), the
//   file ends and a new part begins with every kind: a second of cut once, rather than
//   the rest of the debate without picture.
// - After a failure (a start that failed, a file whose FFmpeg died young) the next start
//   waits a backoff, doubling up to a maximum; another feed on air, or a file that had run
//   `healthyMs`, starts at once.
import type { MediaProducerInfo, MediaProgram } from '../../server/src/protocol/media.ts';
import { feedFromProgram, type RecordingFeed } from './feed.ts';

export interface RecordingTimings {
  /** How long a one-kind feed waits for the other before recording starts. */
  kindWaitMs: number;
  /** Backoff after a failed start or a file that died young: base, doubling, up to max. */
  retryBaseMs: number;
  retryMaxMs: number;
  /** A file that ran this long before it died restarts at once. */
  healthyMs: number;
}

export interface RecordingSituation {
  /** The moderator wants a recording and the debate's media session is open. */
  wanted: boolean;
  /** The program's producers that are not paused (first of each kind). */
  liveFeed: RecordingFeed;
  /** The program's producers, paused ones included. */
  feed: RecordingFeed;
  /** The running file: the producer each of its kinds records (null while there is none). */
  recording: Record<string, string | null> | null;
  now: number;
  /** Since when the program has had a live feed (null: none now). */
  liveSince: number | null;
  /** No new start before this instant (after failures). */
  retryAt: number;
  kindWaitMs: number;
}

export type RecordingAction =
  | { do: 'none' }
  | { do: 'wait'; ms: number }
  | { do: 'start'; feed: RecordingFeed }
  | { do: 'switch'; feed: RecordingFeed }
  | { do: 'rollover'; feed: RecordingFeed }
  | { do: 'stop' };

export const kindsOf = (feed: RecordingFeed): ('audio' | 'video')[] => (['audio', 'video'] as const).filter((k) => feed[k]);

/** The program as recording feeds: everything on air, and what of it is sending. */
export function programFeeds(program: MediaProgram | null, producers: readonly MediaProducerInfo[]): { feed: RecordingFeed; liveFeed: RecordingFeed } {
  if (!program) return { feed: {}, liveFeed: {} };
  return { feed: feedFromProgram(program, producers), liveFeed: feedFromProgram(program, producers.filter((p) => !p.paused)) };
}

export function decideRecording(s: RecordingSituation): RecordingAction {
  if (!s.wanted) return s.recording ? { do: 'stop' } : { do: 'none' };
  const live = kindsOf(s.liveFeed);
  if (!s.recording) {
    if (live.length === 0) return { do: 'none' };
    const kindWait = live.length < 2 && s.liveSince !== null ? s.liveSince + s.kindWaitMs - s.now : 0;
    const wait = Math.max(kindWait, s.retryAt - s.now);
    return wait > 0 ? { do: 'wait', ms: wait } : { do: 'start', feed: s.liveFeed };
  }
  const recorded = Object.keys(s.recording);
  if (live.some((k) => !recorded.includes(k))) return { do: 'rollover', feed: s.liveFeed };
  const current = s.recording;
  const next: RecordingFeed = {};
  for (const k of recorded as ('audio' | 'video')[]) next[k] = s.feed[k] ?? null;
  if (recorded.every((k) => next[k as 'audio' | 'video'] === current[k])) return { do: 'none' };
  return { do: 'switch', feed: next };
}

/** Failures in a row, and what they hold back. */
export interface Backoff {
  failures: number;
  /** No new start before this instant. */
  retryAt: number;
  /** The live feed (its JSON) the last failure was about; null: any feed waits. */
  failedFeed: string | null;
}

export const NO_BACKOFF: Backoff = { failures: 0, retryAt: 0, failedFeed: null };

/** The wait after the n-th failure in a row (n >= 1). */
export function retryDelay(failures: number, t: Pick<RecordingTimings, 'retryBaseMs' | 'retryMaxMs'>): number {
  return Math.min(t.retryMaxMs, t.retryBaseMs * 2 ** (Math.max(1, failures) - 1));
}

/** A start that failed (`feed`: what it tried) or a file that died young (null). */
export function afterFailure(b: Backoff, feed: RecordingFeed | null, now: number, t: Pick<RecordingTimings, 'retryBaseMs' | 'retryMaxMs'>): Backoff {
  const failures = b.failures + 1;
  return { failures, retryAt: now + retryDelay(failures, t), failedFeed: feed ? JSON.stringify(feed) : null };
}

/** Another feed on air is not held back by a failure of the previous one. */
export function backoffForFeed(b: Backoff, liveFeed: RecordingFeed): Backoff {
  return b.failedFeed !== null && b.failedFeed !== JSON.stringify(liveFeed) ? NO_BACKOFF : b;
}

/** A file that ended by itself: whether the next part must wait (FFmpeg died young). */
export function diedYoung(summary: { status: 'complete' | 'failed'; startedAt: number; endedAt: number }, healthyMs: number): boolean {
  return summary.status === 'failed' && summary.endedAt - summary.startedAt < healthyMs;
}
