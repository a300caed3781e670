// Issue 10 item 5 on real servers: joins are limited per IP and per debate, wrong access
// codes and invitations shut the door (right code included) for the rest of the window,
// bad bearer tokens do the same for the admin token, every refusal is 429 RATE_LIMITED
// with Retry-After, and two nodes sharing Redis share the counters. Client addresses come
// from X-Forwarded-For (TRUST_PROXY=true, as behind deploy/nginx.conf).
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, startTestApp, type TestApp } from '../helpers/app.ts';
import { liveDebate } from '../helpers/clients.ts';
import { createTestDatabaseUrl } from '../helpers/pg.ts';

const CODE = 'K7QX-M2PW-93TZ';
/** Each test starts its own servers (their limits differ): room for that on a busy machine. */
const SERVER_TEST_MS = 120_000;

async function post(t: TestApp, path: string, body: unknown, ip: string, token?: string) {
  const res = await fetch(`${t.baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': ip, ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as any };
}
const joinWith = (t: TestApp, debateId: string, ip: string, accessCode: string) =>
  post(t, `/api/debates/${debateId}/join`, { displayName: 'Léa', accessCode }, ip);

function expectLimited(r: { status: number; retryAfter: string | null; body: any }, what: string) {
  expect(r.status, what).toBe(429);
  expect(r.body.error.code, what).toBe('RATE_LIMITED');
  expect(Number(r.retryAfter), what).toBeGreaterThan(0);
  expect(Number(r.retryAfter), what).toBeLessThanOrEqual(900);
}

const limits = (over: Record<string, string>) => ({
  MEDIA_ENABLED: 'false',
  TRUST_PROXY: 'true',
  JOIN_LIMIT_PER_IP: '1000',
  JOIN_LIMIT_PER_DEBATE: '1000',
  JOIN_FAILURES_PER_IP: '1000',
  JOIN_FAILURES_PER_DEBATE: '1000',
  AUTH_FAILURES_PER_IP: '1000',
  ...over,
});

describe('HTTP rate limits (issue 10, item 5)', () => {
  const apps: TestApp[] = [];
  afterAll(async () => {
    for (const a of apps) await a.close();
  });
  const start = async (env: Record<string, string>) => {
    const t = await startTestApp({ env });
    apps.push(t);
    return t;
  };
  const codeDebate = (t: TestApp) => liveDebate(t, { modalities: { joinPolicy: 'code', accessCode: CODE } });

  it('after N wrong access codes from one address, even the right code is refused there, not elsewhere', async () => {
    const t = await start(limits({ JOIN_FAILURES_PER_IP: '3' }));
    const { debateId } = await codeDebate(t);
    for (let i = 0; i < 3; i += 1) {
      const r = await joinWith(t, debateId, '203.0.113.7', `guess-${i}`);
      expect(r.status).toBe(403);
      expect(r.body.error.code).toBe('INVALID_ACCESS_CODE');
    }
    expectLimited(await joinWith(t, debateId, '203.0.113.7', CODE), 'the right code after 3 failures');
    expect((await joinWith(t, debateId, '198.51.100.1', CODE)).status).toBe(201);
    // Successes do not count as failures.
    for (let i = 0; i < 5; i += 1) expect((await joinWith(t, debateId, '198.51.100.2', CODE)).status).toBe(201);
  }, SERVER_TEST_MS);

  it('per debate: failures from many addresses close that debate’s door only', async () => {
    const t = await start(limits({ JOIN_FAILURES_PER_DEBATE: '4' }));
    const { debateId } = await codeDebate(t);
    const other = await codeDebate(t);
    for (let i = 0; i < 4; i += 1) expect((await joinWith(t, debateId, `192.0.2.${i + 1}`, `guess-${i}`)).status).toBe(403);
    expectLimited(await joinWith(t, debateId, '192.0.2.200', CODE), 'a fresh address on the attacked debate');
    expect((await joinWith(t, other.debateId, '192.0.2.200', CODE)).status).toBe(201);
  }, SERVER_TEST_MS);

  it('wrong invitations count like wrong codes', async () => {
    const t = await start(limits({ JOIN_FAILURES_PER_IP: '2' }));
    const { debateId } = await liveDebate(t, { modalities: { joinPolicy: 'invite' } });
    for (let i = 0; i < 2; i += 1) {
      const r = await post(t, `/api/debates/${debateId}/join`, { invitation: `nope-${i}`, displayName: 'Léa' }, '203.0.113.9');
      expect(r.body.error.code).toBe('INVALID_INVITATION');
    }
    expectLimited(await post(t, `/api/debates/${debateId}/join`, { invitation: 'nope-3', displayName: 'Léa' }, '203.0.113.9'), 'third invitation');
  }, SERVER_TEST_MS);

  it('limits join attempts per address and per debate, successful or not', async () => {
    const t = await start(limits({ JOIN_LIMIT_PER_IP: '4', JOIN_LIMIT_PER_DEBATE: '6' }));
    const { debateId } = await liveDebate(t);
    const open = (ip: string) => post(t, `/api/debates/${debateId}/join`, { displayName: 'Léa' }, ip);
    for (let i = 0; i < 4; i += 1) expect((await open('203.0.113.20')).status).toBe(201);
    expectLimited(await open('203.0.113.20'), 'fifth join from one address');
    // The refused one stopped at the address's counter: 4 + 2 = 6 attempts on the debate pass.
    expect((await open('203.0.113.21')).status).toBe(201);
    expect((await open('203.0.113.22')).status).toBe(201);
    expectLimited(await open('203.0.113.23'), 'seventh join on one debate');
  }, SERVER_TEST_MS);

  it('after N bad bearer tokens an address cannot try the admin token either', async () => {
    const t = await start(limits({ AUTH_FAILURES_PER_IP: '3' }));
    const body = { title: 'Débat', modalities: {} };
    for (let i = 0; i < 3; i += 1) {
      const r = await post(t, '/api/debates', body, '203.0.113.30', `guess-${randomBytes(12).toString('hex')}`);
      expect(r.status).toBe(401);
      expect(r.body.error.code).toBe('INVALID_TOKEN');
    }
    expectLimited(await post(t, '/api/debates', body, '203.0.113.30', ADMIN_TOKEN), 'the admin token after 3 bad ones');
    // The real admin elsewhere is not locked out (400: the body is incomplete, past the guard).
    expect((await post(t, '/api/debates', body, '203.0.113.31', ADMIN_TOKEN)).status).toBe(400);
  }, SERVER_TEST_MS);

  it('two nodes sharing Redis share the counters', async () => {
    // Always the machine's PostgreSQL and Redis: two nodes cannot share an embedded PGlite.
    const saved = process.env.DATABASE_URL;
    process.env.DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
    const db = await createTestDatabaseUrl();
    if (saved === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = saved;
    try {
      const env = limits({
        JOIN_FAILURES_PER_IP: '4',
        DATABASE_URL: db.url,
        REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
        REDIS_PREFIX: `rl${randomBytes(4).toString('hex')}`,
      });
      const a = await start(env);
      const b = await start(env);
      const { debateId } = await codeDebate(a);
      for (const [node, i] of [[a, 0], [b, 1], [a, 2], [b, 3]] as const) {
        expect((await joinWith(node, debateId, '203.0.113.40', `guess-${i}`)).status).toBe(403);
      }
      expectLimited(await joinWith(a, debateId, '203.0.113.40', CODE), 'node A after 2 + 2 failures');
      expectLimited(await joinWith(b, debateId, '203.0.113.40', CODE), 'node B after 2 + 2 failures');
      expect((await joinWith(b, debateId, '203.0.113.41', CODE)).status).toBe(201);
    } finally {
      for (const app of apps.splice(-2)) await app.close();
      await db.drop();
    }
  }, SERVER_TEST_MS);
});
