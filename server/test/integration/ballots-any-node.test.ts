// Ballots on any node: two Tribune nodes on one PostgreSQL and one Redis (always the real
// services: several nodes cannot share an embedded PGlite). Each node writes the ballots
// it receives itself (the node that does not own the debate never loads it); per voter,
// the ballot stored is the last one acknowledged, in the order sent; the owner's tally
// reaches both nodes' sockets; closing counts exactly the rows, even with ballots still
// arriving on the other node while it closes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { createTestDatabaseUrl } from '../helpers/pg.ts';
import { connect, join, liveDebate, type TestClient } from '../helpers/clients.ts';

const PG = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('ballots on any node', () => {
  let a: TestApp;
  let b: TestApp;
  let db: { url: string; drop(): Promise<void> };
  const clients: TestClient[] = [];

  beforeAll(async () => {
    db = await createTestDatabaseUrl(PG);
    const env = { DATABASE_URL: db.url, REDIS_URL: REDIS, REDIS_PREFIX: `bn${randomBytes(4).toString('hex')}`, LEASE_TTL_MS: '3000' };
    a = await startTestApp({ env });
    b = await startTestApp({ env });
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await a?.close();
    await b?.close();
    await db?.drop();
  });

  it('each node writes its ballots; last acknowledged wins per voter; close counts the rows', async () => {
    const { debateId, moderatorToken } = await liveDebate(a); // A owns it
    const mod = await connect(a, moderatorToken);
    const modOnB = await connect(b, moderatorToken);
    clients.push(mod, modOnB);
    const VOTERS = 12;
    const voters: { id: string; client: TestClient }[] = [];
    for (let i = 0; i < VOTERS; i++) {
      const node = i % 2 === 0 ? a : b;
      const joined = await join(node, debateId, { displayName: `Votant ${i}` });
      const client = await connect(node, joined.token);
      clients.push(client);
      voters.push({ id: joined.participantId, client });
    }
    const { pollId } = await mod.ok('poll:create', {
      question: 'Quel aménagement ?',
      kind: 'single',
      options: ['Parc', 'Marché', 'Parking', 'Rien'],
      anonymous: false,
      visibility: 'live',
      autoCloseSeconds: null,
      openNow: true,
    });

    // Every voter changes their mind three times, each ballot after the previous ack.
    const last = new Map<number, { choices: number[]; version: number }>();
    await Promise.all(
      voters.map(async (v, i) => {
        for (let k = 1; k <= 3; k++) {
          const choices = [(i + k) % 4];
          const ack = await v.client.ok('poll:vote', { pollId, choices, seq: k * 10 });
          expect(ack.version).toBe(k);
          last.set(i, { choices: ack.choices, version: ack.version });
        }
      }),
    );
    // The node that does not own the debate wrote its voters' ballots without loading it.
    expect(b.app.services.registry.loadedCount()).toBe(0);
    expect(a.app.services.registry.loadedCount()).toBe(1);

    // A retry is acknowledged again; an older ballot never overwrites the newer one.
    const v1 = voters[1]!;
    expect(await v1.client.ok('poll:vote', { pollId, choices: last.get(1)!.choices, seq: 30 })).toMatchObject(last.get(1)!);
    expect(await v1.client.refused('poll:vote', { pollId, choices: [3], seq: 20 })).toBe('BALLOT_SUPERSEDED');

    // The owner's tally (a count of the rows) reaches the sockets of both nodes.
    const full = (c: TestClient) => c.waitFor(() => c.tallies.find((t) => t.pollId === pollId && t.results.totalBallots === VOTERS), 'the full tally');
    await full(mod);
    await full(voters[1]!.client);

    // Ballots keep arriving on B while the moderator closes through B (forwarded to A).
    let stop = false;
    let lateAcks = 0;
    const late = (async () => {
      for (let n = 0; !stop && n < 200; n++) {
        const i = (n % (VOTERS / 2)) * 2 + 1;
        const ack = await voters[i]!.client.emit('poll:vote', { pollId, choices: [n % 4], seq: 100 + n });
        if (ack.ok) {
          lateAcks++;
          last.set(i, { choices: ack.data.choices, version: ack.data.version });
        } else expect(ack.error.code).toBe('POLL_CLOSED');
      }
    })();
    await new Promise((r) => setTimeout(r, 50));
    const closed = await modOnB.ok('poll:close', { pollId });
    stop = true;
    await late;
    const rows = await b.app.services.ballots.load(pollId);
    expect(closed.results.totalBallots).toBe(rows.length);
    expect(await b.app.services.ballots.count(pollId)).toEqual(await a.app.services.ballots.count(pollId));
    expect(closed.results.counts.reduce((s: number, n: number) => s + n, 0)).toBe(rows.length);
    expect(await voters[0]!.client.refused('poll:vote', { pollId, choices: [0], seq: 1_000 })).toBe('POLL_CLOSED');
    expect(await voters[1]!.client.refused('poll:vote', { pollId, choices: [0], seq: 1_000 })).toBe('POLL_CLOSED');

    // Per voter, on either node: the stored ballot is the last one acknowledged.
    expect(lateAcks).toBeGreaterThan(0);
    const stored = new Map(rows.map((r) => [r.participantId, r.choices]));
    for (const [i, v] of voters.entries()) expect(stored.get(v.id)).toEqual(last.get(i)!.choices);
  });
});
