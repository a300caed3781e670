// A whole debate against the real server: creation, announce, start, queue, timed
// turns with a hard expiry, a poll with live tallies, questions, a written contribution
// read out, end, archive; then the report and the hash chain.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { admin, connect, http, join, liveDebate, type TestClient } from '../helpers/clients.ts';

describe('a full debate, from creation to report', () => {
  let t: TestApp;
  const clients: TestClient[] = [];
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await t.close();
  });

  it('runs end to end and the archive tells what happened', async () => {
    const { debateId, moderatorToken } = await liveDebate(t, {
      modalities: { turn: { defaultSeconds: 10, warningSeconds: [1], expiry: 'hard' } },
    });
    const mod = await connect(t, moderatorToken);
    clients.push(mod);
    expect(mod.snapshot.state.debate.status).toBe('live');

    const camille = await join(t, debateId, { displayName: 'Camille' });
    const dominique = await join(t, debateId, { displayName: 'Dominique' });
    const c1 = await connect(t, camille.token);
    const c2 = await connect(t, dominique.token);
    clients.push(c1, c2);
    expect(c1.snapshot.state.debate.modalities.accessCode).toBeUndefined();

    // Time sync: the server answers with its receive and send times.
    const t0 = Date.now();
    const sync = await c1.ok('time:sync', { t0 });
    expect(sync.t0).toBe(t0);
    expect(sync.t2).toBeGreaterThanOrEqual(sync.t1);

    // Queue: two hands, oral and written.
    await c1.ok('queue:raise', { mode: 'oral', group: 'pour' });
    await c2.ok('queue:raise', { mode: 'oral', group: 'contre' });
    await mod.waitForEvent('queue:raised', (e) => e.payload.entry.participantId === dominique.participantId);
    expect(mod.events.filter((e) => e.type === 'queue:raised')).toHaveLength(2);

    // Floor to the next (Camille) for 2 s: a hard expiry ends the turn at its deadline.
    const grant = await mod.ok('floor:grant', { seconds: 2 });
    expect(grant.turnId).toBeTruthy();
    const granted = await c2.waitForEvent('floor:granted');
    expect(granted.payload.participantId).toBe(camille.participantId);
    expect(granted.payload.deadline - granted.payload.grantedAt).toBe(2000);
    await c2.waitForEvent('floor:warning', undefined, 5000);
    const expired = await c2.waitForEvent('floor:expired', undefined, 5000);
    expect(expired.payload.spokenMs).toBe(2000);
    expect(expired.payload.endedAt).toBe(granted.payload.deadline);

    // Pause and resume are excluded from speaking time.
    await mod.ok('floor:grant', { participantId: dominique.participantId, seconds: 30 });
    await mod.ok('floor:pause', {});
    await new Promise((r) => setTimeout(r, 300));
    await mod.ok('floor:resume', {});
    await mod.ok('floor:end', {});
    const ended = await mod.waitForEvent('floor:ended');
    expect(ended.payload.spokenMs).toBeLessThan(ended.payload.endedAt - granted.payload.grantedAt);

    // A live poll with two voters and a changed ballot.
    const { pollId } = await mod.ok('poll:create', {
      question: 'Faut-il piétonniser la place du marché ?',
      kind: 'single',
      options: ['Oui', 'Non', 'Sans avis'],
      anonymous: true,
      visibility: 'live',
      autoCloseSeconds: null,
      openNow: true,
    });
    await c1.waitForEvent('poll:opened', (e) => e.payload.pollId === pollId);
    const v1 = await c1.ok('poll:vote', { pollId, choices: [0] });
    expect(v1.receipt).toMatch(/^[0-9a-f]{64}$/);
    await c2.ok('poll:vote', { pollId, choices: [1] });
    const changed = await c2.ok('poll:vote', { pollId, choices: [0] });
    expect(changed.version).toBe(2);
    expect(await c1.refused('poll:vote', { pollId, choices: [7] })).toBe('INVALID_CHOICE');
    const tally = await c1.waitFor(() => c1.tallies.find((x) => x.results.totalBallots === 2 && x.results.counts[0] === 2), 'live tally');
    expect(tally.pollId).toBe(pollId);
    await mod.ok('poll:close', { pollId });
    const closed = await c1.waitForEvent('poll:closed');
    expect(closed.payload.results.counts).toEqual([2, 0, 0]);
    expect(await c1.refused('poll:vote', { pollId, choices: [1] })).toBe('POLL_CLOSED');

    // Questions: asked, approved, upvoted, answered.
    const { questionId } = await c1.ok('question:ask', { text: 'Quel calendrier pour les travaux ?' });
    await mod.ok('question:approve', { questionId });
    await c2.ok('question:upvote', { questionId });
    expect(await c2.refused('question:upvote', { questionId })).toBe('ALREADY_VOTED');
    await mod.ok('question:answer', { questionId });

    // A written contribution read out by the moderator becomes a written turn.
    const { contributionId } = await c2.ok('contribution:submit', { text: 'Je propose une consultation des riverains.' });
    await mod.ok('contribution:read', { contributionId, seconds: 5 });
    const writtenTurn = await c1.waitForEvent('floor:granted', (e) => e.payload.contributionId === contributionId);
    expect(writtenTurn.payload.mode).toBe('written');
    await mod.ok('floor:end', {});

    // End and archive.
    await mod.ok('debate:end', {});
    await c1.waitForEvent('debate:ended');
    expect((await admin(t, 'POST', `/api/debates/${debateId}/archive`)).status).toBe(200);

    // Every client saw a gap-free sequence.
    for (const c of [mod, c1, c2]) expect(c.gaps).toBe(0);

    const report = await http(t, 'GET', `/api/debates/${debateId}/report`);
    expect(report.status).toBe(200);
    const r = report.body;
    expect(r.debate.status).toBe('archived');
    expect(r.turns).toHaveLength(3);
    expect(r.turns[0]).toMatchObject({ spokenMs: 2000, endReason: 'expired' });
    const camilleTime = r.speakingTime.perSpeaker.find((s: any) => s.participantId === camille.participantId);
    expect(camilleTime.spokenMs).toBe(2000);
    const pour = r.speakingTime.perGroup.find((g: any) => g.groupId === 'pour');
    expect(pour.spokenMs).toBe(2000);
    expect(r.polls[0].results.counts).toEqual([2, 0, 0]);
    expect(r.questions[0]).toMatchObject({ status: 'answered', upvotes: 1 });
    expect(r.contributions[0]).toMatchObject({ status: 'read' });

    const verify = await http(t, 'GET', `/api/debates/${debateId}/verify`);
    expect(verify.body.ok).toBe(true);
    expect(verify.body.headHash).toBe(r.headHash);

    const timeline = await http(t, 'GET', `/api/debates/${debateId}/timeline?after=0`);
    const seqs = timeline.body.events.map((e: any) => e.seq);
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
    expect(seqs.length).toBe(r.eventCount);
  });
});
