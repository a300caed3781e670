// REST: moderator and display tokens, invitations, and the join policies (open, code,
// invite; speaker invitations under every policy; single use under concurrency).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listParticipants } from '../../src/db/participants-repo.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { admin, http, join, liveDebate } from '../helpers/clients.ts';

describe('REST access', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  const joinRes = (debateId: string, body: unknown) => http(t, 'POST', `/api/debates/${debateId}/join`, { body });
  const invite = (debateId: string, token: string, body: unknown) =>
    http(t, 'POST', `/api/debates/${debateId}/invitations`, { token, body });

  it('issues moderator tokens (admin) and display tokens (admin or moderator), and records them', async () => {
    const { debateId, moderatorToken } = await liveDebate(t);
    const mod = await admin(t, 'POST', `/api/debates/${debateId}/tokens/moderator`, { displayName: 'Claire' });
    expect(mod.status).toBe(200);
    expect(mod.body.participantId).toMatch(/^mod_/);
    const claims = t.app.tokens.verify(mod.body.token);
    expect(claims).toMatchObject({ debateId, role: 'moderator', name: 'Claire', sub: mod.body.participantId });
    expect(mod.body.expiresAt).toBe(claims.exp! * 1000);

    const byMod = await http(t, 'POST', `/api/debates/${debateId}/tokens/display`, { token: moderatorToken });
    expect(byMod.status).toBe(200);
    expect(t.app.tokens.verify(byMod.body.token)).toMatchObject({ role: 'display', debateId });

    const rows = await listParticipants(t.app.services.database, debateId);
    expect(rows.find((r) => r.id === mod.body.participantId)).toMatchObject({ role: 'moderator', displayName: 'Claire' });
    expect(rows.find((r) => r.id === byMod.body.participantId)).toMatchObject({ role: 'display' });

    const modByMod = await http(t, 'POST', `/api/debates/${debateId}/tokens/moderator`, { token: moderatorToken });
    expect(modByMod.status).toBe(403);
    expect(modByMod.body.error.code).toBe('FORBIDDEN');
    const display = await http(t, 'POST', `/api/debates/${debateId}/tokens/display`, { token: byMod.body.token });
    expect(display.status).toBe(403);
    const unknown = await admin(t, 'POST', '/api/debates/nosuchdebate/tokens/moderator');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('DEBATE_NOT_FOUND');
  });

  it('open policy: a display name is required; each join is a new pseudonymous participant', async () => {
    const { debateId } = await liveDebate(t);
    const a = await joinRes(debateId, { displayName: '  Camille  ' });
    expect(a.status).toBe(201);
    expect(a.body).toMatchObject({ role: 'participant', debateId, name: 'Camille' });
    expect(t.app.tokens.verify(a.body.token)).toMatchObject({ sub: a.body.participantId, role: 'participant', name: 'Camille' });
    const b = await join(t, debateId, { displayName: 'Camille' });
    expect(b.participantId).not.toBe(a.body.participantId);

    const rows = await listParticipants(t.app.services.database, debateId);
    expect(rows.filter((r) => r.role === 'participant').map((r) => r.id)).toEqual(
      expect.arrayContaining([a.body.participantId, b.participantId]),
    );

    for (const body of [{}, { displayName: '   ' }, { displayName: 'x'.repeat(61) }, { displayName: 'Eve', role: 'moderator' }]) {
      const res = await joinRes(debateId, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
    }
  });

  it('code policy: the access code must match', async () => {
    const { debateId } = await liveDebate(t, { modalities: { joinPolicy: 'code', accessCode: 'quartier-2026' } });
    const none = await joinRes(debateId, { displayName: 'Eve' });
    expect(none.status).toBe(403);
    expect(none.body.error.code).toBe('INVALID_ACCESS_CODE');
    const wrong = await joinRes(debateId, { displayName: 'Eve', accessCode: 'quartier-2025' });
    expect(wrong.body.error.code).toBe('INVALID_ACCESS_CODE');
    const prefix = await joinRes(debateId, { displayName: 'Eve', accessCode: 'quartier' });
    expect(prefix.body.error.code).toBe('INVALID_ACCESS_CODE');
    const ok = await joinRes(debateId, { displayName: 'Eve', accessCode: 'quartier-2026' });
    expect(ok.status).toBe(201);
    expect(ok.body.role).toBe('participant');
  });

  it('invite policy: only an invitation lets in, and only once', async () => {
    const { debateId, moderatorToken } = await liveDebate(t, { modalities: { joinPolicy: 'invite' } });
    const uninvited = await joinRes(debateId, { displayName: 'Eve' });
    expect(uninvited.status).toBe(403);
    expect(uninvited.body.error.code).toBe('INVALID_INVITATION');

    const inv = await invite(debateId, moderatorToken, { kind: 'participant', displayName: 'Dominique' });
    expect(inv.status).toBe(201);
    expect(inv.body.invitationId).toMatch(/^inv_/);
    expect(inv.body.joinUrl).toMatch(new RegExp(`/d/${debateId}#invitation=`));
    expect(inv.body.joinUrl).toContain(encodeURIComponent(inv.body.code));

    const joined = await joinRes(debateId, { invitation: inv.body.code });
    expect(joined.status).toBe(201);
    expect(joined.body).toMatchObject({ role: 'participant', name: 'Dominique' });
    expect(t.app.tokens.verify(joined.body.token).invitationId).toBe(inv.body.invitationId);

    const reused = await joinRes(debateId, { invitation: inv.body.code });
    expect(reused.status).toBe(403);
    expect(reused.body.error.code).toBe('INVALID_INVITATION');
    const unknown = await joinRes(debateId, { invitation: 'made-up-code' });
    expect(unknown.body.error.code).toBe('INVALID_INVITATION');

    // A code is bound to its debate.
    const other = await liveDebate(t, { modalities: { joinPolicy: 'invite' } });
    const elsewhere = await invite(other.debateId, other.moderatorToken, { kind: 'participant', displayName: 'Noé' });
    expect((await joinRes(debateId, { invitation: elsewhere.body.code })).body.error.code).toBe('INVALID_INVITATION');
    // ...and was not burnt by the failed attempt.
    expect((await joinRes(other.debateId, { invitation: elsewhere.body.code })).status).toBe(201);
  });

  it('an invitation without a name needs one at join time, and is not consumed by the refusal', async () => {
    const { debateId, moderatorToken } = await liveDebate(t, { modalities: { joinPolicy: 'invite' } });
    const inv = await invite(debateId, moderatorToken, { kind: 'participant' });
    const nameless = await joinRes(debateId, { invitation: inv.body.code });
    expect(nameless.status).toBe(400);
    expect(nameless.body.error.code).toBe('VALIDATION_FAILED');
    const named = await joinRes(debateId, { invitation: inv.body.code, displayName: 'Sacha' });
    expect(named.status).toBe(201);
    expect(named.body.name).toBe('Sacha');
  });

  it('a concurrent redemption of one invitation has exactly one winner', async () => {
    const { debateId, moderatorToken } = await liveDebate(t, { modalities: { joinPolicy: 'invite' } });
    const inv = await invite(debateId, moderatorToken, { kind: 'participant', displayName: 'Lou' });
    const results = await Promise.all(Array.from({ length: 8 }, () => joinRes(debateId, { invitation: inv.body.code })));
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    for (const r of results.filter((x) => x.status !== 201)) expect(r.body.error.code).toBe('INVALID_INVITATION');
  });

  it('a speaker invitation works under every policy and yields the guest identity', async () => {
    for (const policy of [{ joinPolicy: 'open' }, { joinPolicy: 'code', accessCode: 'abcd-efgh' }, { joinPolicy: 'invite' }] as const) {
      const { debateId } = await liveDebate(t, { modalities: policy });
      const inv = await admin(t, 'POST', `/api/debates/${debateId}/invitations`, { kind: 'speaker', guestId: 'alice' });
      expect(inv.status, JSON.stringify(inv.body)).toBe(201);
      const res = await joinRes(debateId, { invitation: inv.body.code });
      expect(res.status, policy.joinPolicy).toBe(201);
      expect(res.body).toMatchObject({ role: 'speaker', participantId: 'guest_alice', name: 'Alice Martin' });
      expect(t.app.tokens.verify(res.body.token)).toMatchObject({ sub: 'guest_alice', guestId: 'alice', role: 'speaker' });
      const rows = await listParticipants(t.app.services.database, debateId);
      expect(rows.find((r) => r.id === 'guest_alice')).toMatchObject({ role: 'speaker', guestId: 'alice', groupId: 'pour' });
    }
  });

  it('refuses bad invitations and invitations by non-staff', async () => {
    const { debateId, moderatorToken } = await liveDebate(t);
    const noGuest = await invite(debateId, moderatorToken, { kind: 'speaker' });
    expect(noGuest.status).toBe(400);
    expect(noGuest.body.error.code).toBe('VALIDATION_FAILED');
    const unknownGuest = await invite(debateId, moderatorToken, { kind: 'speaker', guestId: 'bob' });
    expect(unknownGuest.status).toBe(400);
    expect(unknownGuest.body.error.code).toBe('VALIDATION_FAILED');
    const badKind = await invite(debateId, moderatorToken, { kind: 'moderator' });
    expect(badKind.status).toBe(400);
    const p = await join(t, debateId);
    const byParticipant = await invite(debateId, p.token, { kind: 'participant' });
    expect(byParticipant.status).toBe(403);
    const anonymous = await http(t, 'POST', `/api/debates/${debateId}/invitations`, { body: { kind: 'participant' } });
    expect(anonymous.status).toBe(401);
  });

  it('joining needs a scheduled or live debate', async () => {
    const draft = await admin(t, 'POST', '/api/debates', {
      title: 'Pas encore',
      modalities: { format: 'online', scheduledStart: '2026-12-24T18:00:00Z', plannedDurationMinutes: 30, interventionModes: ['oral'] },
    });
    const id = draft.body.debate.id;
    const onDraft = await joinRes(id, { displayName: 'Eve' });
    expect(onDraft.status).toBe(404);
    expect(onDraft.body.error.code).toBe('DEBATE_NOT_FOUND');

    await admin(t, 'POST', `/api/debates/${id}/announce`);
    expect((await joinRes(id, { displayName: 'Eve' })).status).toBe(201);

    await admin(t, 'POST', `/api/debates/${id}/start`);
    await admin(t, 'POST', `/api/debates/${id}/end`);
    const ended = await joinRes(id, { displayName: 'Eve' });
    expect(ended.status).toBe(409);
    expect(ended.body.error.code).toBe('DEBATE_NOT_LIVE');
    const inv = await admin(t, 'POST', `/api/debates/${id}/invitations`, { kind: 'participant' });
    expect(inv.status).toBe(409);
    expect(inv.body.error.code).toBe('DEBATE_NOT_LIVE');

    const unknown = await joinRes('nosuchdebate', { displayName: 'Eve' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('DEBATE_NOT_FOUND');
  });
});
