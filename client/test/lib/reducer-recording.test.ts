// The recording events the media layer appends to the log (files started and stopped,
// the moderator's on/off choice) fold on the client without a resync: they move the seq
// and head hash and leave the view as the server's own fold does.
import { describe, expect, it } from 'vitest';
import { reduce } from '../../src/lib/reducer/index.ts';
import { RECORDING_EVENT_TYPES } from '../../../server/src/protocol/recordings.ts';
import { recordingChoiceDraft, recordingStartedDraft, recordingStoppedDraft } from '../../../media/recording/events.ts';
import { DomainDebate, people, viewers } from '../helpers/domain.ts';
import { foreignEvent } from '../helpers/wire.ts';

describe('client reducer: recording events', () => {
  it('applies every recording event type as a no-op on the view, for every viewer', () => {
    const d = new DomainDebate();
    d.lifecycle('announce');
    d.lifecycle('start');
    const start = Object.fromEntries(Object.entries(viewers).map(([name, v]) => [name, d.view(v)]));
    const system = { kind: 'system' as const };
    d.commit([recordingStartedDraft({ recordingId: 'rec_1', label: 'program', startedAt: d.now, file: 'recordings/deb_1/rec_1.webm' })], system);
    d.commit([recordingChoiceDraft(false)], people.mod);
    d.commit([recordingStoppedDraft({ recordingId: 'rec_1', endedAt: d.now + 5000, durationMs: 4990, sizeBytes: 1234, status: 'complete', reason: 'moderator' })], system);
    d.commit([recordingChoiceDraft(true)], people.mod);
    const seen = new Set<string>();
    for (const [name, viewer] of Object.entries(viewers)) {
      let view = start[name]!;
      for (const e of d.wire(viewer, view.seq)) {
        const r = reduce(view, e, viewer);
        expect(r, `${name} on ${e.type}`).toMatchObject({ kind: 'applied' });
        if (r.kind !== 'applied') return;
        expect(r.refresh).toBeUndefined();
        view = r.view;
        seen.add(e.type);
      }
      expect(view, name).toEqual(d.view(viewer));
    }
    expect([...seen].sort()).toEqual([...RECORDING_EVENT_TYPES].sort());
  });

  it('still resyncs on an event type it does not know', () => {
    const d = new DomainDebate();
    const viewer = viewers[Object.keys(viewers)[0]!]!;
    const view = d.view(viewer);
    const r = reduce(view, foreignEvent({ seq: view.seq + 1, at: d.now, actor: { kind: 'system' }, type: 'recording:exploded', payload: {}, hash: 'x' }), viewer);
    expect(r).toEqual({ kind: 'diverged', reason: 'unknown event type recording:exploded' });
  });
});
