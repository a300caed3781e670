// REST: the record of a debate. Timeline paging and redaction, the hash-chain check
// (also against a tampered row), the report (what the public sees while live and after),
// and the ballot audit of a poll. Domain commands are driven in-process through the live
// debate, exactly as the socket gateway does (parse with the command's schema, execute).
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { domainCommands } from '../../src/domain/debate.ts';
import type { Actor } from '../../src/domain/types.ts';
import type { LiveDebate } from '../../src/live/live-debate.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { admin, http, join, liveDebate } from '../helpers/clients.ts';

type Citizen = Extract<Actor, { kind: 'participant' }> & { token: string };

const MOD: Actor = { kind: 'participant', id: 'mod_test', role: 'moderator', name: 'Modération' };

async function run(live: LiveDebate, name: string, payload: unknown, actor: Actor) {
  return live.execute(name, domainCommands[name]!.schema.parse(payload), actor);
}

describe('REST archive', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  const citizen = async (debateId: string, name: string, accessCode?: string): Promise<Citizen> => {
    const j = await join(t, debateId, { displayName: name, ...(accessCode ? { accessCode } : {}) });
    return { kind: 'participant', id: j.participantId, role: 'participant', name, token: j.token };
  };

  it('pages the timeline and hides the access code and pending questions from the public', async () => {
    const { debateId, moderatorToken } = await liveDebate(t, {
      modalities: { joinPolicy: 'code', accessCode: 'secret-door' },
    });
    const live = await t.app.services.registry.get(debateId);
    const eve = await citizen(debateId, 'Eve', 'secret-door');
    await run(live, 'question:ask', { text: 'Une question encore en attente ?' }, eve);

    const pub = await http(t, 'GET', `/api/debates/${debateId}/timeline`);
    expect(pub.status).toBe(200);
    const seqs = pub.body.events.map((e: any) => e.seq);
    expect(seqs).toEqual(Array.from({ length: live.state.seq }, (_, i) => i + 1));
    expect(pub.body.headSeq).toBe(live.state.seq);
    expect(pub.body.nextAfter).toBe(live.state.seq);
    const created = pub.body.events[0];
    expect(created.type).toBe('debate:created');
    expect(created.payload.modalities.joinPolicy).toBe('code');
    expect(created.payload.modalities).not.toHaveProperty('accessCode');
    expect(JSON.stringify(pub.body)).not.toContain('secret-door');
    const asked = pub.body.events.find((e: any) => e.type === 'question:asked');
    expect(asked.payload).toEqual({ questionId: expect.any(String) });
    expect(asked.hash).toMatch(/^[0-9a-f]{64}$/);

    // A participant token gets the public view too.
    const asCitizen = await http(t, 'GET', `/api/debates/${debateId}/timeline`, { token: eve.token });
    expect(JSON.stringify(asCitizen.body)).not.toContain('secret-door');

    for (const token of [moderatorToken, t.config.adminToken]) {
      const staff = await http(t, 'GET', `/api/debates/${debateId}/timeline`, { token });
      expect(staff.body.events[0].payload.modalities.accessCode).toBe('secret-door');
      expect(staff.body.events.find((e: any) => e.type === 'question:asked').payload.question.text).toContain('attente');
    }

    const page = await http(t, 'GET', `/api/debates/${debateId}/timeline?after=1&limit=2`);
    expect(page.body.events.map((e: any) => e.seq)).toEqual([2, 3]);
    expect(page.body.nextAfter).toBe(3);
    const beyond = await http(t, 'GET', `/api/debates/${debateId}/timeline?after=999`);
    expect(beyond.body).toEqual({ events: [], nextAfter: live.state.seq, headSeq: live.state.seq });
    for (const q of ['limit=0', 'limit=1001', 'after=-1', 'after=abc']) {
      const bad = await http(t, 'GET', `/api/debates/${debateId}/timeline?${q}`);
      expect(bad.status, q).toBe(400);
      expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    }
  });

  it('keeps draft timelines for staff only', async () => {
    const draft = await admin(t, 'POST', '/api/debates', {
      title: 'Brouillon',
      modalities: { format: 'online', scheduledStart: '2026-12-24T18:00:00Z', plannedDurationMinutes: 30, interventionModes: ['oral'] },
    });
    const id = draft.body.debate.id;
    for (const path of ['timeline', 'verify', 'report']) {
      const pub = await http(t, 'GET', `/api/debates/${id}/${path}`);
      expect(pub.status, path).toBe(404);
      expect(pub.body.error.code).toBe('DEBATE_NOT_FOUND');
      expect((await admin(t, 'GET', `/api/debates/${id}/${path}`)).status, path).toBe(200);
    }
  });

  it('verifies the hash chain and finds a tampered event', async () => {
    const { debateId } = await liveDebate(t);
    const live = await t.app.services.registry.get(debateId);
    const ok = await http(t, 'GET', `/api/debates/${debateId}/verify`);
    expect(ok.body).toEqual({ ok: true, count: live.state.seq, headHash: live.state.headHash, brokenAt: null, reason: null });

    await t.app.services.database.db.execute(
      sql`update debate_events set payload = jsonb_set(payload, '{title}', '"Falsifié"') where debate_id = ${debateId} and seq = 1`,
    );
    const broken = await http(t, 'GET', `/api/debates/${debateId}/verify`);
    expect(broken.body).toMatchObject({ ok: false, count: 0, brokenAt: 1, reason: 'hash_mismatch' });
  });

  it('reports turns, speaking time, polls, questions and contributions, redacted while live', async () => {
    const { debateId, moderatorToken } = await liveDebate(t);
    const live = await t.app.services.registry.get(debateId);
    const camille = await citizen(debateId, 'Camille');
    const dominique = await citizen(debateId, 'Dominique');

    await run(live, 'queue:raise', { mode: 'oral', group: 'pour' }, camille);
    await run(live, 'floor:grant', {}, MOD);
    await new Promise((r) => setTimeout(r, 30));
    await run(live, 'floor:end', {}, MOD);

    const hidden = await run(
      live,
      'poll:create',
      { question: 'Piétonniser la place ?', kind: 'single', options: ['Oui', 'Non'], visibility: 'hidden', openNow: true },
      MOD,
    );
    await (await t.app.services.registry.handle(debateId)).vote(hidden.pollId!, [0], camille.id);
    await (await t.app.services.registry.handle(debateId)).vote(hidden.pollId!, [1], dominique.id);
    await live.closePoll(hidden.pollId!, MOD);

    const { questionId: pending } = await run(live, 'question:ask', { text: 'En attente ?' }, camille);
    const { questionId: approved } = await run(live, 'question:ask', { text: 'Quel budget ?' }, dominique);
    await run(live, 'question:approve', { questionId: approved }, MOD);
    await run(live, 'question:upvote', { questionId: approved }, camille);
    await run(live, 'contribution:submit', { text: 'Une contribution non lue.' }, dominique);

    const pub = await http(t, 'GET', `/api/debates/${debateId}/report`);
    expect(pub.status).toBe(200);
    const r = pub.body;
    expect(r.debate).toMatchObject({ id: debateId, status: 'live', title: 'Budget participatif' });
    expect(r.turns).toHaveLength(1);
    expect(r.turns[0]).toMatchObject({
      speaker: { participantId: camille.id, name: 'Camille', role: 'participant', group: 'pour' },
      mode: 'oral',
      endReason: 'ended',
      allottedMs: 60_000,
    });
    expect(r.turns[0].spokenMs).toBeGreaterThan(0);
    expect(r.speakingTime.perSpeaker).toEqual([
      { participantId: camille.id, name: 'Camille', group: 'pour', spokenMs: r.turns[0].spokenMs, turns: 1 },
    ]);
    expect(r.speakingTime.perGroup).toEqual([
      { groupId: 'pour', name: 'Pour', spokenMs: r.turns[0].spokenMs, quotaMs: 600_000, remainingMs: 600_000 - r.turns[0].spokenMs },
      { groupId: 'contre', name: 'Contre', spokenMs: 0, quotaMs: 600_000, remainingMs: 600_000 },
    ]);
    // Hidden results wait for the end of the debate.
    expect(r.polls).toEqual([
      expect.objectContaining({ id: hidden.pollId, status: 'closed', visibility: 'hidden', results: null, totalBallots: null }),
    ]);
    expect(r.questions.map((q: any) => q.id)).toEqual([approved]);
    expect(r.questions[0]).toMatchObject({ text: 'Quel budget ?', authorName: 'Dominique', status: 'approved', upvotes: 1 });
    expect(r.contributions).toEqual([]);
    expect(r.eventCount).toBe(live.state.seq);
    expect(r.headHash).toBe(live.state.headHash);

    const staff = (await http(t, 'GET', `/api/debates/${debateId}/report`, { token: moderatorToken })).body;
    expect(staff.polls[0].results).toEqual({ counts: [1, 1], totalBallots: 2 });
    expect(staff.questions.map((q: any) => q.id)).toEqual([pending, approved]);
    expect(staff.contributions).toHaveLength(1);
    expect(staff.debate.modalities).not.toHaveProperty('accessCode');

    await admin(t, 'POST', `/api/debates/${debateId}/end`);
    const after = (await http(t, 'GET', `/api/debates/${debateId}/report`)).body;
    expect(after.debate.status).toBe('ended');
    expect(typeof after.debate.endedAt).toBe('number');
    expect(after.polls[0]).toMatchObject({ results: { counts: [1, 1], totalBallots: 2 }, totalBallots: 2 });
    // The ended report is folded from the log: same turns as the live one.
    expect(after.turns).toEqual(r.turns);
  });

  it('audits the ballots of a poll for staff', async () => {
    const { debateId, moderatorToken } = await liveDebate(t);
    const live = await t.app.services.registry.get(debateId);
    const voters = await Promise.all(['A', 'B', 'C'].map((n) => citizen(debateId, n)));
    const { pollId } = await run(
      live,
      'poll:create',
      { question: 'Note ?', kind: 'scale', scaleMax: 5, visibility: 'live', openNow: true },
      MOD,
    );
    await (await t.app.services.registry.handle(debateId)).vote(pollId!, [5], voters[0]!.id);
    await (await t.app.services.registry.handle(debateId)).vote(pollId!, [3], voters[1]!.id);
    await (await t.app.services.registry.handle(debateId)).vote(pollId!, [4], voters[2]!.id);
    await (await t.app.services.registry.handle(debateId)).vote(pollId!, [1], voters[2]!.id);

    const audit = await http(t, 'GET', `/api/debates/${debateId}/polls/${pollId}/audit`, { token: moderatorToken });
    expect(audit.status).toBe(200);
    expect(audit.body).toMatchObject({
      pollId,
      status: 'open',
      ballotRows: 3,
      results: { counts: [1, 0, 1, 0, 1], totalBallots: 3, mean: 3 },
    });
    expect(audit.body.digest).toMatch(/^[0-9a-f]{64}$/);
    const again = await admin(t, 'GET', `/api/debates/${debateId}/polls/${pollId}/audit`);
    expect(again.body.digest).toBe(audit.body.digest);

    const asVoter = await http(t, 'GET', `/api/debates/${debateId}/polls/${pollId}/audit`, { token: voters[0]!.token });
    expect(asVoter.status).toBe(403);
    expect((await http(t, 'GET', `/api/debates/${debateId}/polls/${pollId}/audit`)).status).toBe(401);
    const missing = await admin(t, 'GET', `/api/debates/${debateId}/polls/nopoll/audit`);
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('POLL_NOT_FOUND');
  });
});
