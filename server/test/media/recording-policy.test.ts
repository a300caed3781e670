// When a debate's recording starts, switches, rolls over or stops (media/recording/
// policy.ts), its backoff after failures, the program as recording feeds, and what a log
// says about its recordings (the moderator's last choice, the files never stopped). Pure:
// no media needed.
import { describe, expect, it } from 'vitest';
import {
  afterFailure, backoffForFeed, decideRecording, diedYoung, NO_BACKOFF, programFeeds, retryDelay, type RecordingSituation,
} from '../../../media/recording/policy.ts';
import { recordingChoiceDraft, recordingsInLog, recordingStartedDraft, recordingStoppedDraft } from '../../../media/recording/events.ts';
import type { MediaProducerInfo } from '../../src/protocol/media.ts';

const NOW = 1_000_000;
const situation = (s: Partial<RecordingSituation>): RecordingSituation => ({
  wanted: true,
  liveFeed: {},
  feed: {},
  recording: null,
  now: NOW,
  liveSince: null,
  retryAt: 0,
  kindWaitMs: 1500,
  ...s,
});
const AV = { audio: 'a1', video: 'v1' };

describe('decideRecording', () => {
  it('starts at once when the program sends both kinds, and not without anything live', () => {
    expect(decideRecording(situation({ liveFeed: AV, feed: AV, liveSince: NOW }))).toEqual({ do: 'start', feed: AV });
    expect(decideRecording(situation({ feed: AV }))).toEqual({ do: 'none' });
    expect(decideRecording(situation({ wanted: false, liveFeed: AV, feed: AV, liveSince: NOW }))).toEqual({ do: 'none' });
  });

  it('gives a lone microphone kindWaitMs for its camera, then records it alone', () => {
    const mic = { audio: 'a1' };
    expect(decideRecording(situation({ liveFeed: mic, feed: mic, liveSince: NOW - 500 }))).toEqual({ do: 'wait', ms: 1000 });
    expect(decideRecording(situation({ liveFeed: mic, feed: mic, liveSince: NOW - 1500 }))).toEqual({ do: 'start', feed: mic });
  });

  it('waits out the backoff after a failure', () => {
    expect(decideRecording(situation({ liveFeed: AV, feed: AV, liveSince: NOW - 5000, retryAt: NOW + 4000 }))).toEqual({ do: 'wait', ms: 4000 });
  });

  it('follows the program in the same file, paused producers and nobody on air included', () => {
    const recording = { audio: 'a1', video: 'v1' };
    expect(decideRecording(situation({ liveFeed: AV, feed: AV, recording }))).toEqual({ do: 'none' });
    const b = { audio: 'a2', video: 'v2' };
    expect(decideRecording(situation({ liveFeed: b, feed: b, recording }))).toEqual({ do: 'switch', feed: b });
    expect(decideRecording(situation({ liveFeed: {}, feed: b, recording }))).toEqual({ do: 'switch', feed: b });
    expect(decideRecording(situation({ recording }))).toEqual({ do: 'switch', feed: { audio: null, video: null } });
    // A kind the file does not have, but paused: only the kinds the file has are switched.
    expect(decideRecording(situation({ liveFeed: { audio: 'a2' }, feed: b, recording: { audio: 'a1' } }))).toEqual({ do: 'switch', feed: { audio: 'a2' } });
  });

  it('starts a new part when a kind the file lacks comes on air', () => {
    expect(decideRecording(situation({ liveFeed: AV, feed: AV, recording: { audio: 'a1' } }))).toEqual({ do: 'rollover', feed: AV });
    expect(decideRecording(situation({ liveFeed: { audio: 'a3' }, feed: { audio: 'a3' }, recording: { video: 'v1' } }))).toEqual({ do: 'rollover', feed: { audio: 'a3' } });
  });

  it('stops when recording is no longer wanted (or the media session closed)', () => {
    expect(decideRecording(situation({ wanted: false, liveFeed: AV, feed: AV, recording: { audio: 'a1', video: 'v1' } }))).toEqual({ do: 'stop' });
  });
});

describe('the backoff after failures', () => {
  const T = { retryBaseMs: 2000, retryMaxMs: 60_000 };

  it('doubles from the base up to the maximum', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 12].map((n) => retryDelay(n, T))).toEqual([2000, 4000, 8000, 16_000, 32_000, 60_000, 60_000, 60_000]);
  });

  it('holds back the feed that failed, not another one', () => {
    const once = afterFailure(NO_BACKOFF, AV, NOW, T);
    expect(once).toEqual({ failures: 1, retryAt: NOW + 2000, failedFeed: JSON.stringify(AV) });
    const twice = afterFailure(once, AV, NOW + 2000, T);
    expect(twice.retryAt).toBe(NOW + 2000 + 4000);
    expect(backoffForFeed(twice, AV)).toBe(twice);
    expect(backoffForFeed(twice, { audio: 'a2', video: 'v2' })).toEqual(NO_BACKOFF);
    // A file that died: any feed waits.
    const died = afterFailure(NO_BACKOFF, null, NOW, T);
    expect(backoffForFeed(died, { audio: 'a2' })).toBe(died);
  });

  it('a file that died young waits; one that ran healthyMs, or ended normally, does not', () => {
    const file = (status: 'complete' | 'failed', ms: number) => ({ status, startedAt: NOW, endedAt: NOW + ms });
    expect(diedYoung(file('failed', 29_999), 30_000)).toBe(true);
    expect(diedYoung(file('failed', 30_000), 30_000)).toBe(false);
    expect(diedYoung(file('complete', 1_000), 30_000)).toBe(false);
  });
});

describe('programFeeds', () => {
  const info = (producerId: string, kind: 'audio' | 'video', paused = false): MediaProducerInfo => ({ producerId, participantId: 'p', kind, paused, appData: {} });

  it('keeps paused producers in the feed but not in the live feed', () => {
    const producers = [info('a1', 'audio', true), info('v1', 'video'), info('x', 'audio')];
    expect(programFeeds({ participantId: 'p', producerIds: ['a1', 'v1'], auto: true }, producers)).toEqual({ feed: { audio: 'a1', video: 'v1' }, liveFeed: { video: 'v1' } });
    expect(programFeeds(null, producers)).toEqual({ feed: {}, liveFeed: {} });
  });
});

describe('recordingsInLog', () => {
  const started = (id: string) => recordingStartedDraft({ recordingId: id, label: 'program', startedAt: 1, file: `recordings/d/${id}.webm` });
  const stopped = (id: string) => recordingStoppedDraft({ recordingId: id, endedAt: 2, durationMs: 1, sizeBytes: 10, status: 'complete', reason: 'moderator' });

  it('records by default; the last choice of the moderator wins', () => {
    expect(recordingsInLog([]).wanted).toBe(true);
    expect(recordingsInLog([recordingChoiceDraft(false)]).wanted).toBe(false);
    expect(recordingsInLog([recordingChoiceDraft(false), recordingChoiceDraft(true)]).wanted).toBe(true);
    expect(recordingChoiceDraft(false)).toEqual({ type: 'recording:disabled', payload: {} });
  });

  it('names the files started and never stopped', () => {
    expect([...recordingsInLog([started('rec_1'), stopped('rec_1'), started('rec_2')]).open]).toEqual(['rec_2']);
  });

  it('refuses a stop reason it does not know', () => {
    expect(() => recordingStoppedDraft({ ...stopped('rec_1').payload, reason: 'bored' as never })).toThrow();
  });
});
