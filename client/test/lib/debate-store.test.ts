// The store's sequencing: events applied strictly by seq, duplicates ignored, a gap or a
// divergence answered by one resync request, events buffered meanwhile and replayed on
// top of the fresh snapshot; tallies and the viewer's own ballots.
import { describe, expect, it } from 'vitest';
import { DebateStore } from '../../src/lib/debate-store.ts';
import type { DebateView, Snapshot, WireEvent } from '../../src/lib/view-types.ts';
import { DomainDebate, people, viewers } from '../helpers/domain.ts';
import { ofType } from '../helpers/wire.ts';

function harness(viewerName = 'moderator') {
  const d = new DomainDebate();
  d.lifecycle('announce');
  d.lifecycle('start');
  const viewer = viewers[viewerName]!;
  const resyncs: { afterSeq: number; reason: string }[] = [];
  const changes: DebateView[] = [];
  const applied: string[] = [];
  const store = new DebateStore(viewer, {
    resync: (afterSeq, reason) => resyncs.push({ afterSeq, reason }),
    onChange: (v) => changes.push(v),
    onEvent: (e) => applied.push(`${e.seq}:${e.type}`),
  });
  const snapshot = (): Snapshot => ({ seq: d.state.seq, serverTime: d.now, state: d.view(viewer) });
  const wire = (afterSeq: number) => d.wire(viewer, afterSeq);
  return { d, store, resyncs, changes, applied, snapshot, wire, viewer };
}

describe('DebateStore', () => {
  it('buffers events until the first snapshot, then applies those after it', () => {
    const h = harness();
    h.d.run('queue:raise', { mode: 'oral' }, people.camille);
    const early = h.wire(0).at(-1)!;
    expect(h.store.receive(early)).toBe('buffered');
    const snap = h.snapshot();
    h.d.run('queue:raise', { mode: 'oral' }, people.dominique);
    const later = h.wire(snap.seq);
    for (const e of later) h.store.receive(e);
    h.store.loadSnapshot(snap);
    expect(h.store.seq).toBe(h.d.state.seq);
    expect(h.store.view).toEqual(h.d.view(h.viewer));
    expect(h.resyncs).toEqual([]);
  });

  it('ignores duplicates and applies events in order', () => {
    const h = harness();
    h.store.loadSnapshot(h.snapshot());
    const from = h.store.seq;
    h.d.run('queue:raise', { mode: 'oral' }, people.camille);
    h.d.run('queue:raise', { mode: 'written' }, people.dominique);
    const [a, b] = h.wire(from);
    expect(h.store.receive(a!)).toBe('applied');
    expect(h.store.receive(a!)).toBe('duplicate');
    expect(h.store.receive(b!)).toBe('applied');
    expect(h.store.receive(a!)).toBe('duplicate');
    expect(h.applied).toEqual([`${a!.seq}:queue:raised`, `${b!.seq}:queue:raised`]);
    expect(h.store.view!.turns.queue).toHaveLength(2);
  });

  it('asks one resync on a gap, buffers, and replays on top of the answer', () => {
    const h = harness();
    h.store.loadSnapshot(h.snapshot());
    const from = h.store.seq;
    h.d.run('queue:raise', { mode: 'oral' }, people.camille);
    h.d.run('queue:raise', { mode: 'oral' }, people.dominique);
    h.d.run('floor:grant', {}, people.mod);
    const events = h.wire(from);
    // The first raise is lost on the way.
    expect(h.store.receive(events[1]!)).toBe('gap');
    expect(h.resyncs).toEqual([{ afterSeq: from, reason: expect.stringContaining('gap') }]);
    // More events while the resync is in flight: buffered, no second request.
    const answer = h.snapshot();
    h.d.run('floor:pause', {}, people.mod);
    const tail = h.wire(answer.seq);
    expect(h.store.receive(events[2]!)).toBe('buffered');
    expect(h.store.receive(tail[0]!)).toBe('buffered');
    expect(h.resyncs).toHaveLength(1);
    h.store.loadSnapshot(answer);
    expect(h.store.isWaiting).toBe(false);
    expect(h.store.seq).toBe(h.d.state.seq);
    expect(h.store.view).toEqual(h.d.view(h.viewer));
    expect(h.store.view!.turns.floor!.runningSince).toBeNull();
  });

  it('drops buffered events that do not continue the snapshot (no resync loop)', () => {
    const h = harness();
    h.store.loadSnapshot(h.snapshot());
    const stray: WireEvent = { seq: h.store.seq + 5, at: 0, actor: { kind: 'system' }, type: 'queue:lowered', payload: { participantId: 'nobody' }, hash: '' };
    expect(h.store.receive(stray)).toBe('gap');
    h.store.loadSnapshot(h.snapshot());
    expect(h.store.isWaiting).toBe(false);
    expect(h.resyncs).toHaveLength(1);
    expect(h.store.view).toEqual(h.d.view(h.viewer));
  });

  it('resyncs when an event cannot be applied, and again if the request fails', () => {
    const h = harness();
    h.store.loadSnapshot(h.snapshot());
    const bogus: WireEvent = {
      seq: h.store.seq + 1,
      at: h.d.now,
      actor: { kind: 'system' },
      type: 'floor:paused',
      payload: { turnId: 'nope', pausedAt: 0, remainingMs: 0, spokenMs: 0 },
      hash: 'x',
    };
    expect(h.store.receive(bogus)).toBe('diverged');
    expect(h.resyncs).toHaveLength(1);
    expect(h.store.seq).toBe(bogus.seq - 1);
    h.store.resyncFailed('TIMEOUT');
    expect(h.resyncs).toHaveLength(2);
    expect(h.resyncs[1]!.reason).toContain('TIMEOUT');
  });

  it('a snapshot replaces the view even when it is behind (the server is the truth)', () => {
    const h = harness();
    const old = h.snapshot();
    h.d.run('queue:raise', { mode: 'oral' }, people.camille);
    h.store.loadSnapshot(h.snapshot());
    h.store.expectSnapshot();
    h.store.loadSnapshot(old);
    expect(h.store.view!.turns.queue).toEqual([]);
  });

  it('applies live tallies to open polls only, and records acknowledged ballots', () => {
    const h = harness('camille');
    const [created] = h.d.run('poll:create', { question: 'Oui ?', kind: 'single', options: ['Oui', 'Non'] }, people.mod);
    const pollId = ofType(created, 'poll:created').payload.poll.id;
    h.store.loadSnapshot(h.snapshot());
    const before = h.changes.length;
    h.store.tally({ pollId, results: { counts: [1, 0], totalBallots: 1 }, at: 0 });
    expect(h.changes.length).toBe(before);
    h.d.run('poll:open', { pollId }, people.mod);
    for (const e of h.wire(h.store.seq)) h.store.receive(e);
    expect(h.store.view!.polls.polls[0]!.results).toEqual({ counts: [0, 0], totalBallots: 0 });
    h.store.tally({ pollId, results: { counts: [3, 1], totalBallots: 4 }, at: 0 });
    h.store.myBallot(pollId, [0]);
    expect(h.store.view!.polls.polls[0]).toMatchObject({ results: { counts: [3, 1], totalBallots: 4 }, myBallot: [0] });
    h.store.tally({ pollId: 'unknown', results: { counts: [1], totalBallots: 1 }, at: 0 });
    expect(h.store.view!.polls.polls).toHaveLength(1);
  });
});
