// The client reducer against the server's own domain: for every kind of viewer, folding
// the (redacted) events a browser receives must give exactly the view the server would
// send in a fresh snapshot. Driven through a whole debate: queue, floor and timers,
// questions, polls of every visibility, contributions read out, the end of the debate.
import { describe, expect, it } from 'vitest';
import { reduce } from '../../src/lib/reducer/index.ts';
import type { DebateEvent } from '../../../server/src/protocol/events/index.ts';
import type { DebateView } from '../../src/lib/view-types.ts';
import { DomainDebate, people, scheduleDraft, testModalities, viewers, zeroResults } from '../helpers/domain.ts';
import { foreignEvent, ofType } from '../helpers/wire.ts';

interface Follower {
  name: string;
  view: DebateView;
  refreshes: string[];
}

function follow(d: DomainDebate): Follower[] {
  return Object.keys(viewers).map((name) => ({ name, view: d.view(viewers[name]!), refreshes: [] }));
}

/** Fold every new event into each follower; compare with the server's view. */
function catchUp(d: DomainDebate, followers: Follower[]): void {
  for (const f of followers) {
    const viewer = viewers[f.name]!;
    for (const e of d.wire(viewer, f.view.seq)) {
      const r = reduce(f.view, e, viewer);
      if (r.kind === 'diverged') throw new Error(`${f.name} diverged on ${e.type} #${e.seq}: ${r.reason}`);
      f.view = r.view;
      if (r.refresh) {
        // What the store does: ask a resync, i.e. take the server's fresh view.
        f.refreshes.push(r.refresh);
        f.view = d.view(viewer);
      }
    }
    expect(f.view, `${f.name} after seq ${d.state.seq}`).toEqual(d.view(viewer));
  }
}

describe('client reducer = server view, for every viewer', () => {
  it('follows a debate postponed, then cancelled', () => {
    const d = new DomainDebate();
    d.lifecycle('announce');
    const followers = follow(d);
    d.commit([scheduleDraft(d.state, { kind: 'postpone', scheduledStart: '2026-12-17T18:30:00+01:00', reason: 'Salle indisponible' }, d.now)], people.mod);
    catchUp(d, followers);
    expect(followers[0]!.view.debate.modalities.scheduledStart).toBe('2026-12-17T18:30:00+01:00');
    d.commit([scheduleDraft(d.state, { kind: 'cancel', reason: null }, d.now)], people.mod);
    catchUp(d, followers);
    expect(followers.map((f) => f.view.debate.status)).toEqual(followers.map(() => 'cancelled'));
  });

  it('follows a whole debate without diverging', () => {
    const d = new DomainDebate();
    d.lifecycle('announce');
    const followers = follow(d);
    d.lifecycle('start');
    catchUp(d, followers);

    // Queue: raise, point of order, reorder, lower.
    d.run('queue:raise', { mode: 'oral', group: 'pour' }, people.camille);
    d.run('queue:raise', { mode: 'written' }, people.dominique);
    d.run('queue:raise', { mode: 'oral' }, people.alice);
    catchUp(d, followers);
    d.run('queue:prioritize', { participantId: 'p_dominique' }, people.mod);
    d.run('queue:move', { participantId: 'guest_alice', position: 2 }, people.mod);
    catchUp(d, followers);
    expect(followers[0]!.view.turns.queue.map((q) => q.participantId)).toEqual(['p_dominique', 'p_camille', 'guest_alice']);

    // Floor: grant, warnings, pause, resume, extend, hard expiry.
    d.run('floor:grant', { participantId: 'p_camille', seconds: 40 }, people.mod);
    d.advance(12_000);
    d.run('floor:pause', {}, people.mod);
    d.advance(5_000);
    d.run('floor:resume', {}, people.mod);
    catchUp(d, followers);
    d.run('floor:extend', { seconds: 20 }, people.mod);
    d.advance(60_000);
    catchUp(d, followers);
    const v = followers[0]!.view;
    expect(v.turns.floor).toBeNull();
    expect(v.turns.turns).toHaveLength(1);
    expect(v.turns.turns[0]!.endReason).toBe('expired');
    expect(v.turns.groupSpokenMs.pour).toBe(60_000);

    // Next speaker yields; the queue goes on.
    d.run('floor:grant', {}, people.mod);
    d.advance(3_000);
    d.run('floor:end', {}, people.dominique);
    d.run('queue:lower', {}, people.alice);
    catchUp(d, followers);

    // Questions (moderated): pending ones are private until approved.
    const [asked] = d.run('question:ask', { text: 'Quel budget pour les écoles ?' }, people.camille);
    const [other] = d.run('question:ask', { text: 'Et les pistes cyclables ?' }, people.dominique);
    catchUp(d, followers);
    expect(followers.find((f) => f.name === 'dominique')!.view.questions.questions).toHaveLength(1);
    const q1 = ofType(asked, 'question:asked').payload.question.id;
    const q2 = ofType(other, 'question:asked').payload.question.id;
    d.run('question:approve', { questionId: q1 }, people.mod);
    d.run('question:upvote', { questionId: q1 }, people.dominique);
    d.run('question:approve', { questionId: q2 }, people.mod);
    catchUp(d, followers);
    d.run('question:hide', { questionId: q2 }, people.mod);
    d.run('question:answer', { questionId: q1 }, people.mod);
    catchUp(d, followers);
    const dom = followers.find((f) => f.name === 'dominique')!.view.questions.questions;
    expect(dom.map((q) => [q.id, q.status, q.votedByMe])).toEqual([[q1, 'answered', true]]);

    // Polls: a citizen's proposal approved and opened, then each visibility.
    const [proposed] = d.run('poll:propose', { question: 'Un vote ?', kind: 'single', options: ['Oui', 'Non'] }, people.camille);
    const proposal = ofType(proposed, 'poll:proposed').payload.poll.id;
    catchUp(d, followers);
    d.run('poll:approve', { pollId: proposal, openNow: true }, people.mod);
    const [live] = d.run('poll:create', { question: 'Priorité ?', kind: 'multiple', options: ['A', 'B', 'C'], maxChoices: 2 }, people.mod);
    const [after] = d.run(
      'poll:create',
      { question: 'Note', kind: 'scale', scaleMax: 5, visibility: 'after_close', openNow: true },
      people.mod,
    );
    const [hidden] = d.run(
      'poll:create',
      { question: 'Secret ?', kind: 'single', options: ['x', 'y'], visibility: 'hidden', openNow: true },
      people.mod,
    );
    const idOf = (e: DebateEvent | undefined) => (e?.type === 'poll:proposed' ? e : ofType(e, 'poll:created')).payload.poll.id;
    d.run('poll:open', { pollId: idOf(live) }, people.mod);
    catchUp(d, followers);
    d.closePoll(idOf(after), { counts: [0, 1, 0, 2, 0], totalBallots: 3, mean: 3.33 });
    d.closePoll(proposal, { counts: [2, 1], totalBallots: 3 });
    const [rejectable] = d.run('poll:propose', { question: 'Autre ?', kind: 'single', options: ['a', 'b'] }, people.dominique);
    d.run('poll:reject', { pollId: idOf(rejectable), reason: 'hors sujet' }, people.mod);
    catchUp(d, followers);
    const cam = followers.find((f) => f.name === 'camille')!.view.polls.polls;
    expect(cam.find((p) => p.id === idOf(after))!.results).toEqual({ counts: [0, 1, 0, 2, 0], totalBallots: 3, mean: 3.33 });
    expect(cam.find((p) => p.id === idOf(hidden))!.results).toBeNull();

    // Contributions: private until read out as a written turn.
    const [c1] = d.run('contribution:submit', { text: 'Plus de bancs publics.' }, people.dominique);
    const [c2] = d.run('contribution:submit', { text: 'Un marché le dimanche.', group: 'contre' }, people.camille);
    catchUp(d, followers);
    const cid = (e: DebateEvent | undefined) => ofType(e, 'contribution:submitted').payload.contribution.id;
    d.run('contribution:read', { contributionId: cid(c1), seconds: 30 }, people.mod);
    d.advance(10_000);
    d.run('floor:end', {}, people.mod);
    d.run('contribution:dismiss', { contributionId: cid(c2) }, people.mod);
    catchUp(d, followers);

    // The end: open polls closed, hidden results revealed (a refresh for citizens).
    d.run('floor:grant', { participantId: 'guest_alice', seconds: 30 }, people.mod);
    d.advance(2_000);
    d.lifecycle('end');
    catchUp(d, followers);
    expect(followers.every((f) => f.view.debate.status === 'ended')).toBe(true);
    const refreshed = followers.filter((f) => f.refreshes.length > 0).map((f) => f.name);
    expect(refreshed.sort()).toEqual(['camille', 'display', 'dominique']);
    expect(zeroResults(d.state, idOf(hidden)).counts).toHaveLength(2);
  });

  it('follows a soft-expiry turn into overtime and a quota-capped grant', () => {
    const d = new DomainDebate(
      testModalities({ turn: { defaultSeconds: 30, warningSeconds: [20, 5], expiry: 'soft' } }),
    );
    d.lifecycle('announce');
    d.lifecycle('start');
    const followers = follow(d);
    d.run('queue:raise', { mode: 'oral', group: 'contre' }, people.camille);
    d.run('floor:grant', {}, people.mod);
    d.advance(40_000);
    catchUp(d, followers);
    expect(followers[0]!.view.turns.floor!.overtimeSince).not.toBeNull();
    d.run('floor:extend', { seconds: 30 }, people.mod);
    catchUp(d, followers);
    expect(followers[0]!.view.turns.floor!.overtimeSince).toBeNull();
    d.run('floor:end', {}, people.mod);
    catchUp(d, followers);
    expect(followers[1]!.view.turns.turns[0]!.overtimeMs).toBe(0);
  });
});

describe('divergence is detected, never papered over', () => {
  const setup = () => {
    const d = new DomainDebate();
    d.lifecycle('announce');
    d.lifecycle('start');
    return d;
  };

  it('a floor event for another turn diverges', () => {
    const d = setup();
    const view = d.view(viewers.camille!);
    d.run('queue:raise', { mode: 'oral' }, people.camille);
    d.run('floor:grant', {}, people.mod);
    const [raised, granted] = d.wire(viewers.camille!, view.seq);
    const r1 = reduce(view, raised!, viewers.camille!);
    expect(r1.kind).toBe('applied');
    // Skip the grant: a pause of an unknown turn must not be folded.
    d.run('floor:pause', {}, people.mod);
    const paused = d.wire(viewers.camille!, granted!.seq)[0]!;
    const r2 = reduce(r1.kind === 'applied' ? r1.view : view, { ...paused, seq: granted!.seq }, viewers.camille!);
    expect(r2).toMatchObject({ kind: 'diverged' });
  });

  it('lowering a hand that is not in the local queue diverges', () => {
    const d = setup();
    const view = d.view(viewers.moderator!);
    d.run('queue:raise', { mode: 'oral' }, people.camille);
    d.run('queue:lower', {}, people.camille);
    const lowered = d.wire(viewers.moderator!, view.seq)[1]!;
    expect(reduce(view, { ...lowered, seq: view.seq + 1 }, viewers.moderator!).kind).toBe('diverged');
  });

  it('modality changes and unknown event types ask for a resync', () => {
    const d = setup();
    const view = d.view(viewers.display!);
    const base = { seq: view.seq + 1, at: 1, actor: { kind: 'admin' as const }, hash: 'x' };
    expect(reduce(view, { ...base, type: 'debate:updated', payload: { title: 'x' } }, viewers.display!).kind).toBe(
      'diverged',
    );
    expect(reduce(view, foreignEvent({ ...base, type: 'something:new', payload: {} }), viewers.display!).kind).toBe('diverged');
  });

  it('returns a new view object and leaves the old one untouched', () => {
    const d = setup();
    const view = d.view(viewers.moderator!);
    const before = structuredClone(view);
    d.run('queue:raise', { mode: 'oral' }, people.camille);
    const r = reduce(view, d.wire(viewers.moderator!, view.seq)[0]!, viewers.moderator!);
    expect(r.kind).toBe('applied');
    if (r.kind !== 'applied') return;
    expect(r.view).not.toBe(view);
    expect(r.view.turns).not.toBe(view.turns);
    expect(r.view.polls).toBe(view.polls);
    expect(view).toEqual(before);
    expect(r.view.seq).toBe(view.seq + 1);
  });
});
