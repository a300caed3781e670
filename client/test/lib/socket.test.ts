// The browser's realtime layer against a real Tribune server (random port, PGlite):
// snapshot then events by seq, typed acks, clock offset on loopback, gap and reconnection
// resyncs, live tallies and the viewer's ballots, refused handshakes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join, liveDebate, startTestApp, until, type TestApp } from '../helpers/server.ts';
import { DebateConnection, type ConnectionStatus } from '../../src/lib/socket.ts';
import { floorRemainingMs } from '../../src/lib/clock.ts';
import { decodeClaims } from '../../src/lib/session.ts';

let t: TestApp;
const open: DebateConnection[] = [];

beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  for (const c of open) c.close();
  await t?.close();
});

function connect(token: string, statuses: ConnectionStatus[] = []) {
  const claims = decodeClaims(token)!;
  const conn = new DebateConnection({
    token,
    url: t.baseUrl,
    transports: ['websocket'],
    viewer: { role: claims.role, participantId: claims.role === 'display' ? null : claims.sub },
    resyncClockEveryMs: 0,
    onStatus: (s) => statuses.push(s),
  });
  open.push(conn);
  return conn;
}

/** The store's view equals what the server would send now. */
async function inSync(conn: DebateConnection): Promise<void> {
  const fresh = await conn.send('state:resync', {});
  if (!fresh.ok) throw new Error(fresh.error.code);
  await until('store to catch up', () => conn.store.seq >= fresh.data.seq);
  expect(conn.store.view).toEqual(fresh.data.state);
}

describe('DebateConnection against a real server', () => {
  it('follows a debate: snapshot, events, typed acks, clock, tallies and ballots', async () => {
    const { debateId, moderatorToken } = await liveDebate(t);
    const camille = await join(t, debateId, { displayName: 'Camille' });
    const mod = connect(moderatorToken);
    const cit = connect(camille.token);
    await until('snapshots', () => mod.store.view && cit.store.view);
    expect(cit.store.view!.debate.status).toBe('live');

    // Loopback: the same machine's clock, so the estimate must be close to zero.
    const offset = await cit.syncClock(5);
    expect(Math.abs(offset)).toBeLessThan(50);

    const raised = await cit.send('queue:raise', { mode: 'oral', group: 'pour' });
    expect(raised.ok && raised.data.events.map((e) => e.type)).toEqual(['queue:raised']);
    await until('queue on the moderator side', () => mod.store.view!.turns.queue.length === 1);

    const granted = await mod.send('floor:grant', { seconds: 45 });
    expect(granted.ok).toBe(true);
    const floor = await until('floor on the citizen side', () => cit.store.view!.turns.floor);
    // The countdown from the view is the server's: within 50 ms of deadline − now.
    const remaining = floorRemainingMs(floor, cit.clock.now());
    expect(Math.abs(remaining - (floor.deadline! - Date.now()))).toBeLessThan(50);
    expect(remaining).toBeGreaterThan(40_000);

    // Checked before sending, with the shared schema: no round trip, same error shape.
    const bad = await cit.send('queue:raise', { mode: 'shout' } as never);
    expect(bad).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    const refused = await cit.send('floor:pause', {});
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

    const created = await mod.send('poll:create', { question: 'Pour ?', kind: 'single', options: ['Oui', 'Non'], openNow: true });
    expect(created.ok).toBe(true);
    const pollId = created.ok ? created.data.pollId! : '';
    await until('poll open', () => cit.store.view!.polls.polls.find((p) => p.id === pollId && p.status === 'open'));
    const vote = await cit.vote(pollId, [1]);
    expect(vote.ok).toBe(true);
    expect(cit.store.view!.polls.polls.find((p) => p.id === pollId)!.myBallot).toEqual([1]);
    await until('tally', () => cit.store.view!.polls.polls.find((p) => p.id === pollId)!.results?.totalBallots === 1);
    // Tallies are pushed beside the numbered events (poll:tally, each socket in its turn),
    // so the moderator's may arrive after the citizen's: wait for it before comparing.
    await until('tally on the moderator side', () => mod.store.view!.polls.polls.find((p) => p.id === pollId)!.results?.totalBallots === 1);

    await inSync(mod);
    await inSync(cit);
  });

  it('keys every command, numbers ballots and sends a poll\'s ballots one after the other', async () => {
    const { debateId, moderatorToken } = await liveDebate(t);
    const camille = await join(t, debateId, { displayName: 'Camille' });
    const mod = connect(moderatorToken);
    const cit = connect(camille.token);
    await until('snapshots', () => mod.store.view && cit.store.view);
    const outgoing: { event: string; payload: Record<string, unknown> }[] = [];
    (cit as unknown as { socket: import('socket.io-client').Socket }).socket.onAnyOutgoing((event: string, payload: Record<string, unknown>) => {
      outgoing.push({ event, payload });
    });
    const created = await mod.send('poll:create', { question: 'Pour ?', kind: 'single', options: ['Oui', 'Non'], openNow: true });
    const pollId = created.ok ? created.data.pollId! : '';
    await until('poll open', () => cit.store.view!.polls.polls.find((p) => p.id === pollId && p.status === 'open'));

    // Two ballots in a row, not awaited: the second leaves after the first ack, numbered above it.
    const [first, second] = await Promise.all([cit.vote(pollId, [0]), cit.vote(pollId, [1])]);
    expect(first.ok && second.ok && [first.data.version, second.data.version]).toEqual([1, 2]);
    expect(cit.store.view!.polls.polls.find((p) => p.id === pollId)!.myBallot).toEqual([1]);
    await until('tally', () => cit.store.view!.polls.polls.find((p) => p.id === pollId)!.results?.counts[1] === 1);
    const ballots = outgoing.filter((o) => o.event === 'poll:vote').map((o) => o.payload.seq as number);
    expect(ballots).toHaveLength(2);
    expect(ballots[1]!).toBeGreaterThan(ballots[0]!);

    await cit.send('question:ask', { text: 'Une question ?' });
    await cit.syncClock(1);
    const ask = outgoing.find((o) => o.event === 'question:ask')!;
    expect(ask.payload.commandId).toMatch(/^[A-Za-z0-9_-]{16,64}$/);
    expect(outgoing.find((o) => o.event === 'time:sync')!.payload).not.toHaveProperty('commandId');
    const keys = outgoing.filter((o) => o.payload.commandId).map((o) => o.payload.commandId);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('resyncs after a gap and after a reconnection, keeping the place in the queue', async () => {
    const { debateId, moderatorToken } = await liveDebate(t);
    const dominique = await join(t, debateId, { displayName: 'Dominique' });
    const statuses: ConnectionStatus[] = [];
    const mod = connect(moderatorToken);
    const cit = connect(dominique.token, statuses);
    await until('snapshots', () => mod.store.view && cit.store.view);
    expect((await cit.send('queue:raise', { mode: 'written' })).ok).toBe(true);
    await until('own raise', () => cit.store.view!.turns.queue.length === 1);

    // A lost event: the next one leaves a gap, and the store asks for the state again.
    const lost = cit.store.seq + 1;
    cit.store.receive({ seq: lost + 1, at: 0, actor: { kind: 'system' }, type: 'queue:lowered', payload: { participantId: 'nobody' }, hash: '' });
    expect(cit.store.resyncCount).toBe(1);
    await until('resync answer', () => !cit.store.isWaiting);
    await inSync(cit);

    // The network drops: the moderator goes on; the citizen comes back up to date.
    cit.socket.io.engine.close();
    await until('reconnecting status', () => statuses.includes('reconnecting'));
    const q = await mod.send('poll:create', { question: 'Pendant la coupure ?', kind: 'single', options: ['a', 'b'] });
    expect(q.ok).toBe(true);
    await until('back online', () => statuses.at(-1) === 'online' && !cit.store.isWaiting);
    await until('event missed while offline', () => cit.store.view!.polls.polls.length === 1);
    expect(cit.store.view!.turns.queue.map((e) => e.participantId)).toEqual([dominique.participantId]);
    await inSync(cit);
  });

  it('reports a refused handshake without retrying forever', async () => {
    const { debateId } = await liveDebate(t);
    const { token } = await join(t, debateId, { displayName: 'Eve' });
    const forged = `${token.slice(0, -4)}AAAA`;
    const statuses: ConnectionStatus[] = [];
    const conn = connect(forged, statuses);
    await until('refusal', () => statuses.includes('refused'));
    expect(conn.status).toBe('refused');
    expect(conn.store.view).toBeNull();
  });
});
