// A server restart in the middle of a live debate: the debate is rebuilt from its log
// (queue, floor with its deadline, open polls with their ballots) and nothing that was
// acknowledged is lost; a deadline that passed while the server was down still expires.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { connect, http, join, liveDebate, type TestClient } from '../helpers/clients.ts';

describe('restart in the middle of a live debate', () => {
  let t: TestApp;
  const clients: TestClient[] = [];
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await t.close();
  });

  it('rebuilds queue, floor deadline and open polls with their ballots from the log', async () => {
    const { debateId, moderatorToken } = await liveDebate(t);
    const mod = await connect(t, moderatorToken);
    const a = await join(t, debateId, { displayName: 'Ana' });
    const b = await join(t, debateId, { displayName: 'Bruno' });
    const ca = await connect(t, a.token);
    const cb = await connect(t, b.token);
    clients.push(mod, ca, cb);

    await ca.ok('queue:raise', { mode: 'oral' });
    await cb.ok('queue:raise', { mode: 'written' });
    await mod.ok('floor:grant', { participantId: a.participantId, seconds: 3 });
    const { pollId } = await mod.ok('poll:create', {
      question: 'Prolonger la séance ?',
      kind: 'multiple',
      options: ['Oui', 'Non', 'Peut-être'],
      maxChoices: 2,
      anonymous: false,
      visibility: 'after_close',
      autoCloseSeconds: null,
      openNow: true,
    });
    // Acknowledged ballots must survive the restart.
    await ca.ok('poll:vote', { pollId, choices: [0, 2] });
    await cb.ok('poll:vote', { pollId, choices: [1] });
    const before = mod.snapshot;
    const seqBefore = mod.lastSeq;
    for (const c of [mod, ca, cb]) c.close();

    t = await t.restart();
    const mod2 = await connect(t, moderatorToken);
    clients.push(mod2);
    const s = mod2.snapshot.state;
    expect(mod2.snapshot.seq).toBeGreaterThanOrEqual(seqBefore);
    expect(s.debate.status).toBe('live');
    expect(s.turns.queue.map((e: any) => e.participantId)).toEqual([b.participantId]);
    expect(before).not.toBeNull();
    const poll = s.polls.polls.find?.((p: any) => p.id === pollId) ?? s.polls.polls[pollId];
    expect(poll.status).toBe('open');

    // The floor deadline (3 s) passes: the rebuilt timer expires the turn at its deadline,
    // whether that happens after the restart or while the server was still starting.
    if (s.turns.floor) {
      expect(s.turns.floor.participantId).toBe(a.participantId);
      const expired = await mod2.waitForEvent('floor:expired', undefined, 8000);
      expect(expired.payload.spokenMs).toBe(3000);
    } else {
      expect(s.turns.turns[0]).toMatchObject({ participantId: a.participantId, spokenMs: 3000, endReason: 'expired' });
    }

    // Ballots from before the restart are counted; a new one is added.
    const cb2 = await connect(t, b.token);
    clients.push(cb2);
    expect(cb2.snapshot.state.polls).toBeTruthy();
    await cb2.ok('poll:vote', { pollId, choices: [0] });
    const closed = await mod2.ok('poll:close', { pollId });
    expect(closed.pollId).toBe(pollId);
    const ev = await mod2.waitForEvent('poll:closed');
    expect(ev.payload.results.totalBallots).toBe(2);
    expect(ev.payload.results.counts).toEqual([2, 0, 1]);

    const verify = await http(t, 'GET', `/api/debates/${debateId}/verify`);
    expect(verify.body.ok).toBe(true);
  });
});
