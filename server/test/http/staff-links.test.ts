// Staff links: they live until the debate's planned end plus a margin (at least
// TOKEN_TTL_HOURS), a page renews its own, and an organizer revokes a leaked one: REST,
// the socket handshake and the open pages of that link all refuse it as TOKEN_REVOKED.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STAFF_LINK_MARGIN_MS, staffTtlSeconds } from '../../src/access/staff-links.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { admin, connect, connectRefused, http, join, liveDebate } from '../helpers/clients.ts';

describe('staff link lifetime (pure)', () => {
  const m = { scheduledStart: '2026-12-15T18:00:00Z', plannedDurationMinutes: 120 };
  it('lives until the planned end plus the margin, never less than the minimum', () => {
    const issued = Date.parse('2026-12-01T10:00:00Z');
    const end = Date.parse('2026-12-15T20:00:00Z') + STAFF_LINK_MARGIN_MS;
    expect(staffTtlSeconds(m, issued, 12 * 3600)).toBe((end - issued) / 1000);
    // Issued after the planned end (an overrunning debate): the minimum.
    expect(staffTtlSeconds(m, end + 1000, 12 * 3600)).toBe(12 * 3600);
  });
});

describe('staff links over REST and sockets', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('a moderator link issued at announcement lives past the debate; a page renews its own', async () => {
    const { debateId, moderatorToken } = await liveDebate(t, { start: false });
    const planned = Date.parse('2026-12-03T18:30:00+01:00') + 90 * 60_000 + STAFF_LINK_MARGIN_MS;
    const exp = t.app.tokens.verify(moderatorToken).exp! * 1000;
    expect(Math.abs(exp - Math.max(planned, Date.now() + 12 * 3600_000))).toBeLessThan(5000);

    const display = await http(t, 'POST', `/api/debates/${debateId}/tokens/display`, { token: moderatorToken });
    const renewed = await http(t, 'POST', `/api/debates/${debateId}/tokens/renew`, { token: display.body.token });
    expect(renewed.status, JSON.stringify(renewed.body)).toBe(200);
    expect(renewed.body.participantId).toBe(display.body.participantId);
    expect(t.app.tokens.verify(renewed.body.token)).toMatchObject({ sub: display.body.participantId, role: 'display' });
    const citizen = await join(t, debateId);
    expect((await http(t, 'POST', `/api/debates/${debateId}/tokens/renew`, { token: citizen.token })).status).toBe(403);
  });

  it('an organizer lists and revokes a leaked link: REST, handshake and open pages refuse it', async () => {
    const { debateId, moderatorToken } = await liveDebate(t);
    const leaked = await admin(t, 'POST', `/api/debates/${debateId}/tokens/moderator`, { displayName: 'Régie' });
    const page = await connect(t, leaked.body.token);
    const list = await admin(t, 'GET', `/api/debates/${debateId}/staff-links`);
    expect(list.status).toBe(200);
    expect(list.body.links.find((l: any) => l.participantId === leaked.body.participantId)).toMatchObject({ role: 'moderator', displayName: 'Régie', revokedAt: null });
    expect((await http(t, 'GET', `/api/debates/${debateId}/staff-links`, { token: moderatorToken })).status).toBe(403);

    const disconnected = new Promise<string>((resolve) => page.socket.once('disconnect', (reason) => resolve(reason)));
    const res = await admin(t, 'DELETE', `/api/debates/${debateId}/staff-links/${leaked.body.participantId}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ debateId, participantId: leaked.body.participantId, revoked: true, revokedBy: { kind: 'admin' } });
    expect(await disconnected).toBe('io server disconnect');
    expect((await admin(t, 'DELETE', `/api/debates/${debateId}/staff-links/${leaked.body.participantId}`)).body.revoked).toBe(false);

    const rest = await http(t, 'POST', `/api/debates/${debateId}/tokens/display`, { token: leaked.body.token });
    expect(rest.status).toBe(401);
    expect(rest.body.error.code).toBe('TOKEN_REVOKED');
    expect(await connectRefused(t, { token: leaked.body.token })).toBe('TOKEN_REVOKED');
    expect((await http(t, 'POST', `/api/debates/${debateId}/tokens/renew`, { token: leaked.body.token })).body.error.code).toBe('TOKEN_REVOKED');
    // The other moderator link still works.
    expect((await http(t, 'POST', `/api/debates/${debateId}/tokens/display`, { token: moderatorToken })).status).toBe(200);
    const after = await admin(t, 'GET', `/api/debates/${debateId}/staff-links`);
    expect(after.body.links.find((l: any) => l.participantId === leaked.body.participantId).revokedAt).toEqual(expect.any(Number));

    const citizen = await join(t, debateId);
    const notStaff = await admin(t, 'DELETE', `/api/debates/${debateId}/staff-links/${citizen.participantId}`);
    expect(notStaff.status).toBe(404);
    expect(notStaff.body.error.code).toBe('PARTICIPANT_NOT_FOUND');
  });
});
