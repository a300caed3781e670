// Bad input never crashes anything and never loses data: malformed payloads, wrong
// types, oversized messages, unknown events, expired and forged tokens (alg: none,
// wrong secret, another debate), malformed REST bodies.
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io } from 'socket.io-client';
import { JWT_SECRET, startTestApp, type TestApp } from '../helpers/app.ts';
import { admin, connect, connectRefused, http, join, liveDebate, type TestClient } from '../helpers/clients.ts';

const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
function forge(header: object, claims: object, secret: string | null): string {
  const head = `${b64(header)}.${b64(claims)}`;
  const sig = secret ? createHmac('sha256', secret).update(head).digest('base64url') : '';
  return `${head}.${sig}`;
}

describe('bad input', () => {
  let t: TestApp;
  let debateId = '';
  let participant: { token: string; participantId: string };
  let c: TestClient;
  let mod: TestClient;

  beforeAll(async () => {
    t = await startTestApp({ env: { SOCKET_RATE_BURST: '500', SOCKET_RATE_PER_SEC: '500' } });
    const d = await liveDebate(t);
    debateId = d.debateId;
    participant = await join(t, debateId);
    c = await connect(t, participant.token);
    mod = await connect(t, d.moderatorToken);
  });
  afterAll(async () => {
    c?.close();
    mod?.close();
    await t.close();
  });

  it('refuses malformed socket payloads with VALIDATION_FAILED and keeps serving', async () => {
    const bad: [string, unknown][] = [
      ['queue:raise', { mode: 'shout' }],
      ['queue:raise', { mode: 'oral', extra: true }],
      ['queue:raise', 'oral'],
      ['queue:raise', null],
      ['queue:raise', [1, 2, 3]],
      ['poll:vote', { pollId: 'x', choices: 'all' }],
      ['poll:vote', { pollId: 'x', choices: [1.5] }],
      ['poll:vote', { pollId: '../../etc', choices: [0] }],
      ['question:ask', { text: '' }],
      ['question:ask', { text: 'x'.repeat(1001) }],
      ['question:ask', { text: 42 }],
      ['contribution:submit', { text: 'y'.repeat(2001) }],
      ['time:sync', { t0: 'now' }],
    ];
    for (const [event, payload] of bad) {
      const ack = await c.emit(event, payload);
      expect(ack.ok, `${event} ${JSON.stringify(payload)}`).toBe(false);
      if (!ack.ok) expect(ack.error.code, event).toBe('VALIDATION_FAILED');
    }
    // Moderator-side garbage too.
    expect(await mod.refused('floor:grant', { seconds: -5 })).toBe('VALIDATION_FAILED');
    expect(await mod.refused('poll:create', { question: 'Q', kind: 'single', options: ['only one'] })).toBe('VALIDATION_FAILED');
    // Still alive and consistent.
    expect((await c.ok('time:sync', { t0: 1 })).t0).toBe(1);
    expect((await http(t, 'GET', '/healthz')).status).toBe(200);
  });

  it('answers unknown events with UNKNOWN_EVENT', async () => {
    expect(await c.refused('admin:drop_tables', {})).toBe('UNKNOWN_EVENT');
    expect(await c.refused('__proto__', {})).toBe('UNKNOWN_EVENT');
    expect(await c.refused('constructor', {})).toBe('UNKNOWN_EVENT');
  });

  it('disconnects a socket that sends an oversized message, and nothing else', async () => {
    const victim = await connect(t, (await join(t, debateId, { displayName: 'Big' })).token);
    const disconnected = new Promise<string>((resolve) => victim.socket.once('disconnect', (reason) => resolve(reason)));
    victim.socket.emit('question:ask', { text: 'z'.repeat(200_000) });
    expect(await disconnected).toBeTruthy();
    expect((await c.ok('time:sync', { t0: 2 })).t0).toBe(2);
  });

  it('rate-limits a flooding socket', async () => {
    // Its own server with a slow refill (1 message/s after a burst of 20): however slowly a
    // loaded machine handles the flood, it cannot refill the bucket meanwhile.
    const slow = await startTestApp({ env: { SOCKET_RATE_BURST: '20', SOCKET_RATE_PER_SEC: '1' } });
    try {
      const d = await liveDebate(slow);
      const flooder = await connect(slow, (await join(slow, d.debateId, { displayName: 'Flood' })).token);
      const acks = await Promise.all(Array.from({ length: 100 }, () => flooder.emit('time:sync', { t0: 0 })));
      const limited = acks.filter((a) => !a.ok && a.error.code === 'RATE_LIMITED').length;
      expect(limited).toBeGreaterThanOrEqual(70);
      expect(acks.filter((a) => a.ok).length).toBeGreaterThanOrEqual(20);
      // The socket stays usable once the rate comes back down.
      await new Promise((r) => setTimeout(r, 1100));
      expect((await flooder.ok('time:sync', { t0: 3 })).t0).toBe(3);
      flooder.close();
    } finally {
      await slow.close();
    }
  });

  it('refuses missing, forged, alg:none, expired and foreign tokens at the handshake', async () => {
    const now = Math.floor(Date.now() / 1000);
    const claims = { sub: participant.participantId, debateId, role: 'moderator', name: 'Mallory', iat: now, exp: now + 3600 };
    expect(await connectRefused(t, {})).toBe('UNAUTHENTICATED');
    expect(await connectRefused(t, { token: 42 })).toBe('UNAUTHENTICATED');
    expect(await connectRefused(t, { token: 'not.a.jwt' })).toBe('INVALID_TOKEN');
    expect(await connectRefused(t, { token: forge({ alg: 'none', typ: 'JWT' }, claims, null) })).toBe('INVALID_TOKEN');
    expect(await connectRefused(t, { token: forge({ alg: 'HS256', typ: 'JWT' }, claims, 'wrong-secret-wrong-secret-wrong-secret') })).toBe(
      'INVALID_TOKEN',
    );
    expect(await connectRefused(t, { token: forge({ alg: 'HS512', typ: 'JWT' }, claims, JWT_SECRET) })).toBe('INVALID_TOKEN');
    const expired = forge({ alg: 'HS256', typ: 'JWT' }, { ...claims, iat: now - 7200, exp: now - 3600 }, JWT_SECRET);
    expect(await connectRefused(t, { token: expired })).toBe('TOKEN_EXPIRED');
    const unknownDebate = forge({ alg: 'HS256', typ: 'JWT' }, { ...claims, debateId: 'nope' }, JWT_SECRET);
    expect(await connectRefused(t, { token: unknownDebate })).toBe('DEBATE_NOT_FOUND');
    const badShape = forge({ alg: 'HS256', typ: 'JWT' }, { ...claims, role: 'root' }, JWT_SECRET);
    expect(await connectRefused(t, { token: badShape })).toBe('INVALID_TOKEN');
    // The same forged tokens are refused by REST too.
    const res = await http(t, 'POST', `/api/debates/${debateId}/tokens/display`, { token: forge({ alg: 'none' }, claims, null) });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('INVALID_TOKEN');
  });

  it('answers malformed REST bodies with 400 and a code', async () => {
    const raw = await http(t, 'POST', `/api/debates/${debateId}/join`, { raw: '{"displayName":' });
    expect(raw.status).toBe(400);
    expect(raw.body.error.code).toBeTruthy();
    const wrong = await admin(t, 'POST', '/api/debates', { title: 123, modalities: { format: 'circus' } });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.code).toBe('VALIDATION_FAILED');
    const missing = await admin(t, 'GET', '/api/debates/doesnotexist');
    expect(missing.status).toBe(404);
    const huge = await http(t, 'POST', `/api/debates/${debateId}/join`, { body: { displayName: 'x'.repeat(100_000) } });
    expect([400, 413]).toContain(huge.status);
  });

  it('kept every acknowledged change: the chain verifies', async () => {
    const v = await http(t, 'GET', `/api/debates/${debateId}/verify`);
    expect(v.body.ok).toBe(true);
    // a socket that never authenticated cannot reach handlers
    const anon = io(t.baseUrl, { transports: ['websocket'], reconnection: false, forceNew: true });
    const err = await new Promise<any>((resolve) => anon.once('connect_error', resolve));
    expect(err.data.code).toBe('UNAUTHENTICATED');
    anon.close();
  });
});
