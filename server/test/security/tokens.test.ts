// Issue 10 items 6 and 7 on a real server: a token without `exp` (or `iat`) signed with
// the real secret is refused; the algorithm is pinned; JWT_SECRET rotates without logging
// anyone out (the previous key accepted until the end of its grace period, by key id);
// a revoked staff link is refused on connect and on REST and its open sockets close;
// data/secrets.json is owner-only; the audit trail records staff actions for organizers.
import { createHmac } from 'node:crypto';
import { chmodSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, JWT_SECRET, startTestApp, type TestApp } from '../helpers/app.ts';
import { admin, connect, connectRefused, http, join as joinDebate, liveDebate } from '../helpers/clients.ts';
import { keyIdOf } from '../../src/auth/jwt.ts';
import { loadConfig } from '../../src/config.ts';

const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
function forge(header: object, claims: object, secret: string): string {
  const head = `${b64(header)}.${b64(claims)}`;
  return `${head}.${createHmac('sha256', secret).update(head).digest('base64url')}`;
}
const headerOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString('utf8'));

const NEW_SECRET = 'rotated-jwt-secret-abcdefghijklmnopqrstuvwxyz012345';

describe('token hygiene and staff records (issue 10, items 6-7)', () => {
  let t: TestApp;
  let debateId = '';
  let moderatorToken = '';

  beforeAll(async () => {
    t = await startTestApp({ env: { MEDIA_ENABLED: 'false' } });
    ({ debateId, moderatorToken } = await liveDebate(t));
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  it('refuses a token without exp or iat, even signed with the real secret', async () => {
    const { participantId } = await joinDebate(t, debateId);
    const now = Math.floor(Date.now() / 1000);
    const claims = { sub: participantId, debateId, role: 'participant', name: 'Camille' };
    const header = { alg: 'HS256', typ: 'JWT', kid: keyIdOf(JWT_SECRET) };
    for (const [what, token] of [
      ['no exp', forge(header, { ...claims, iat: now }, JWT_SECRET)],
      ['no iat', forge(header, { ...claims, exp: now + 3600 }, JWT_SECRET)],
      ['no kid, no exp', forge({ alg: 'HS256', typ: 'JWT' }, { ...claims, iat: now }, JWT_SECRET)],
      ['HS384 with the secret', forge({ alg: 'HS384', typ: 'JWT' }, { ...claims, iat: now, exp: now + 3600 }, JWT_SECRET)],
      ['unknown kid', forge({ ...header, kid: 'ffffffffffffffff' }, { ...claims, iat: now, exp: now + 3600 }, JWT_SECRET)],
    ] as const) {
      expect(await connectRefused(t, { token }), what).toBe('INVALID_TOKEN');
      const res = await http(t, 'GET', `/api/debates/${debateId}`, { token });
      expect(res.status, what).toBe(401);
      expect(res.body.error.code, what).toBe('INVALID_TOKEN');
    }
    // The same claims with exp and iat pass: the refusals above are about the claims.
    const good = forge(header, { ...claims, iat: now, exp: now + 3600 }, JWT_SECRET);
    (await connect(t, good)).close();
  });

  it('rotates JWT_SECRET: old tokens work during the grace period, then not; new ones name the new key', async () => {
    const participant = await joinDebate(t, debateId);
    expect(headerOf(participant.token)).toMatchObject({ alg: 'HS256', kid: keyIdOf(JWT_SECRET) });
    const now = Math.floor(Date.now() / 1000);
    // Two nodes after the rotation: one inside the grace period of the old secret, one past it.
    const rotated = (until: number) =>
      startTestApp({
        env: { MEDIA_ENABLED: 'false', JWT_SECRET: NEW_SECRET, JWT_PREVIOUS_SECRET: JWT_SECRET, JWT_PREVIOUS_SECRET_UNTIL: new Date(until).toISOString() },
      });
    const grace = await rotated(Date.now() + 3_600_000);
    const over = await rotated(Date.now() - 1000);
    try {
      for (const node of [grace, over]) {
        const d = await liveDebate(node);
        const fresh = await joinDebate(node, d.debateId);
        expect(headerOf(fresh.token).kid).toBe(keyIdOf(NEW_SECRET));
        const claims = { sub: fresh.participantId, debateId: d.debateId, role: 'participant', name: 'Camille', iat: now, exp: now + 3600 };
        const oldKey = forge({ alg: 'HS256', typ: 'JWT', kid: keyIdOf(JWT_SECRET) }, claims, JWT_SECRET);
        const oldNoKid = forge({ alg: 'HS256', typ: 'JWT' }, claims, JWT_SECRET);
        // Signed with the new secret but naming the old key: refused (the kid picks the key).
        const mismatched = forge({ alg: 'HS256', typ: 'JWT', kid: keyIdOf(JWT_SECRET) }, claims, NEW_SECRET);
        (await connect(node, fresh.token)).close();
        expect(await connectRefused(node, { token: mismatched })).toBe('INVALID_TOKEN');
        if (node === grace) {
          (await connect(node, oldKey)).close();
          (await connect(node, oldNoKid)).close();
          expect((await http(node, 'GET', `/api/debates/${d.debateId}`, { token: oldKey })).status).toBe(200);
        } else {
          expect(await connectRefused(node, { token: oldKey })).toBe('INVALID_TOKEN');
          expect(await connectRefused(node, { token: oldNoKid })).toBe('INVALID_TOKEN');
        }
      }
    } finally {
      await grace.close();
      await over.close();
    }
  }, 120_000);

  it('revokes a staff link: refused on REST and at the handshake, its open sockets closed, audited', async () => {
    const mod = await admin(t, 'POST', `/api/debates/${debateId}/tokens/moderator`, { displayName: 'Régie' });
    expect(mod.status).toBe(200);
    const live = await connect(t, mod.body.token);
    const closed = new Promise<string>((resolve) => live.socket.once('disconnect', (reason) => resolve(reason)));
    const other = await connect(t, moderatorToken);

    const revoked = await admin(t, 'DELETE', `/api/debates/${debateId}/staff-links/${mod.body.participantId}`);
    expect(revoked.status, JSON.stringify(revoked.body)).toBe(200);
    expect(revoked.body).toMatchObject({ debateId, participantId: mod.body.participantId, revokedBy: { kind: 'admin' } });
    expect(await closed).toBe('io server disconnect');

    expect(await connectRefused(t, { token: mod.body.token })).toBe('TOKEN_REVOKED');
    const rest = await http(t, 'POST', `/api/debates/${debateId}/tokens/display`, { token: mod.body.token });
    expect(rest.status).toBe(401);
    expect(rest.body.error.code).toBe('TOKEN_REVOKED');
    // Another moderator's link is untouched; revoking again answers the same revocation.
    expect((await other.ok('state:resync', {})).seq).toBeGreaterThan(0);
    other.close();
    const again = await admin(t, 'DELETE', `/api/debates/${debateId}/staff-links/${mod.body.participantId}`);
    expect(again.body.revokedAt).toBe(revoked.body.revokedAt);
    // A citizen is no staff link; only the admin may revoke.
    const citizen = await joinDebate(t, debateId);
    expect((await admin(t, 'DELETE', `/api/debates/${debateId}/staff-links/${citizen.participantId}`)).body.error.code).toBe('PARTICIPANT_NOT_FOUND');
    expect((await http(t, 'DELETE', `/api/debates/${debateId}/staff-links/${mod.body.participantId}`, { token: moderatorToken })).status).toBe(403);
  });

  it('keeps an audit trail of staff actions, for the organizer only', async () => {
    const d = await liveDebate(t, { start: false });
    const mod = await connect(t, d.moderatorToken);
    await admin(t, 'PATCH', `/api/debates/${d.debateId}`, { title: 'Nouveau titre' });
    const display = await http(t, 'POST', `/api/debates/${d.debateId}/tokens/display`, { token: d.moderatorToken });
    const invitation = await http(t, 'POST', `/api/debates/${d.debateId}/invitations`, { token: d.moderatorToken, body: { kind: 'speaker', guestId: 'alice' } });
    await mod.ok('debate:start', {});
    await mod.ok('debate:end', {});
    mod.close();
    await admin(t, 'DELETE', `/api/debates/${d.debateId}/staff-links/${display.body.participantId}`);

    const res = await admin(t, 'GET', `/api/audit?debateId=${d.debateId}`);
    expect(res.status).toBe(200);
    const entries = res.body.entries as { action: string; actor: any; details: any; ip: string | null }[];
    // Socket actions are recorded once acknowledged, so two may share a millisecond: compare as a set.
    expect(entries.map((e) => e.action).sort()).toEqual(
      [
        'debate:created',
        'debate:announce',
        'link:moderator:issued',
        'debate:updated',
        'link:display:issued',
        'invitation:created',
        'debate:start',
        'debate:end',
        'link:revoked',
      ].sort(),
    );
    const byAction = new Map(entries.map((e) => [e.action, e]));
    expect(byAction.get('link:display:issued')!.actor).toMatchObject({ kind: 'participant', role: 'moderator' });
    expect(byAction.get('link:display:issued')!.details.participantId).toBe(display.body.participantId);
    expect(byAction.get('invitation:created')!.details).toMatchObject({ invitationId: invitation.body.invitationId, kind: 'speaker', guestId: 'alice' });
    expect(byAction.get('debate:start')!.actor).toMatchObject({ kind: 'participant', role: 'moderator' });
    expect(byAction.get('link:revoked')!.actor).toEqual({ kind: 'admin' });
    expect(byAction.get('debate:updated')!.details.fields).toEqual(['title']);
    expect(entries.every((e) => e.ip === '127.0.0.1' || e.ip === '::ffff:127.0.0.1')).toBe(true);
    // Never a secret in it.
    expect(JSON.stringify(res.body)).not.toContain(display.body.token);
    expect(JSON.stringify(res.body)).not.toContain(invitation.body.code);
    // Organizer only.
    expect((await http(t, 'GET', '/api/audit', { token: d.moderatorToken })).status).toBe(403);
    expect((await http(t, 'GET', '/api/audit')).status).toBe(401);
  });

  it('writes data/secrets.json owner-only and tightens an existing one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tribune-secrets-'));
    loadConfig({ DATA_DIR: dir, MEDIA_ENABLED: 'false' });
    expect(statSync(join(dir, 'secrets.json')).mode & 0o777).toBe(0o600);
    const other = mkdtempSync(join(tmpdir(), 'tribune-secrets-'));
    writeFileSync(join(other, 'secrets.json'), JSON.stringify({ jwtSecret: JWT_SECRET, adminToken: ADMIN_TOKEN }));
    chmodSync(join(other, 'secrets.json'), 0o644);
    loadConfig({ DATA_DIR: other, MEDIA_ENABLED: 'false' });
    expect(statSync(join(other, 'secrets.json')).mode & 0o777).toBe(0o600);
  });
});
