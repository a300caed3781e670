// GET /metrics: who may read it (never the public), the Prometheus text format with the
// process default metrics, and each of Tribune's own metrics read after causing it:
// connected sockets, live debates loaded, ballots written and failed with the batch
// sizes, command latency by event. The media metrics: media/metrics.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, startTestApp, type TestApp } from '../helpers/app.ts';
import { connect, http, join, liveDebate, type TestClient } from '../helpers/clients.ts';
import { scrape } from '../helpers/metrics.ts';
import { until } from '../helpers/until.ts';

const METRICS_TOKEN = 'test-metrics-token-0123456789abcdef';

describe('GET /metrics', () => {
  let t: TestApp;
  const clients: TestClient[] = [];
  beforeAll(async () => {
    t = await startTestApp({ env: { MEDIA_ENABLED: 'false', METRICS_TOKEN } });
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await t.close();
  });

  async function pollWithVoters(n: number) {
    const { debateId, moderatorToken } = await liveDebate(t);
    const mod = await connect(t, moderatorToken);
    clients.push(mod);
    const { pollId } = await mod.ok('poll:create', {
      question: 'On continue ?',
      kind: 'single',
      options: ['Oui', 'Non'],
      anonymous: true,
      visibility: 'live',
      autoCloseSeconds: null,
      openNow: true,
    });
    const voters = await Promise.all(Array.from({ length: n }, async (_, i) => connect(t, (await join(t, debateId, { displayName: `V${i}` })).token)));
    clients.push(...voters);
    return { pollId, voters };
  }

  it('answers the admin token and METRICS_TOKEN only', async () => {
    const anonymous = await http(t, 'GET', '/metrics');
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.code).toBe('UNAUTHENTICATED');
    expect((await http(t, 'GET', '/metrics', { token: 'not-a-token' })).body.error.code).toBe('INVALID_TOKEN');
    const { moderatorToken } = await liveDebate(t);
    const moderator = await http(t, 'GET', '/metrics', { token: moderatorToken });
    expect(moderator.status).toBe(403);
    expect(moderator.body.error.code).toBe('FORBIDDEN');

    expect((await scrape(t, ADMIN_TOKEN)).text).toContain('# TYPE tribune_live_debates gauge');
    expect((await scrape(t, METRICS_TOKEN)).text).toContain('# TYPE tribune_live_debates gauge');
    // The scraper's token is no admin token.
    expect((await http(t, 'GET', '/api/debates', { token: METRICS_TOKEN })).status).toBe(401);
  });

  it('includes the process default metrics, and no media series without media', async () => {
    const m = await scrape(t);
    expect(m.value('process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(m.value('nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
    expect(m.text).toContain('# TYPE nodejs_eventloop_lag_seconds gauge');
    expect(m.text).not.toContain('tribune_media_');
  });

  it('counts the live debates loaded on this node', async () => {
    const before = (await scrape(t)).value('tribune_live_debates')!;
    await liveDebate(t);
    await liveDebate(t, { start: false });
    expect((await scrape(t)).value('tribune_live_debates')).toBe(before + 2);
  });

  it('counts the connected sockets', async () => {
    const before = (await scrape(t)).value('tribune_sockets_connected')!;
    const { debateId, moderatorToken } = await liveDebate(t);
    const mod = await connect(t, moderatorToken);
    const citizen = await connect(t, (await join(t, debateId)).token);
    expect((await scrape(t)).value('tribune_sockets_connected')).toBe(before + 2);
    citizen.close();
    await until('the citizen to be gone', async () => (await scrape(t)).value('tribune_sockets_connected') === before + 1);
    mod.close();
    await until('both to be gone', async () => (await scrape(t)).value('tribune_sockets_connected') === before);
  });

  it('measures command latency by event and outcome', async () => {
    const { debateId, moderatorToken } = await liveDebate(t);
    const mod = await connect(t, moderatorToken);
    const citizen = await connect(t, (await join(t, debateId)).token);
    clients.push(mod, citizen);
    await citizen.ok('queue:raise', { mode: 'oral', group: 'pour' });
    expect(await citizen.refused('queue:raise', { mode: 'oral', group: 'pour' })).toBe('ALREADY_IN_QUEUE');
    expect(await citizen.refused('floor:grant', {})).toBe('FORBIDDEN');
    const m = await scrape(t);
    const count = (event: string, outcome: string) => m.value('tribune_command_duration_seconds_count', { event, outcome });
    expect(count('queue:raise', 'ok')).toBe(1);
    expect(count('queue:raise', 'error')).toBe(1);
    expect(count('floor:grant', 'error')).toBe(1);
    expect(m.value('tribune_command_duration_seconds_sum', { event: 'queue:raise', outcome: 'ok' })).toBeGreaterThan(0);
    expect(m.value('tribune_command_duration_seconds_bucket', { event: 'queue:raise', outcome: 'ok', le: '+Inf' })).toBe(1);
  });

  it('counts the ballots written and the sizes of their batches', async () => {
    const before = await scrape(t);
    const written = before.value('tribune_ballots_total', { outcome: 'written' }) ?? 0;
    const batches = before.value('tribune_ballot_batch_size_count') ?? 0;
    const { pollId, voters } = await pollWithVoters(8);
    await Promise.all(voters.map((v, i) => v.ok('poll:vote', { pollId, choices: [i % 2] })));
    const m = await scrape(t);
    expect(m.value('tribune_ballots_total', { outcome: 'written' })).toBe(written + 8);
    // Group commit: 8 concurrent ballots in 1 to 8 batches, their sizes summing to 8.
    const newBatches = m.value('tribune_ballot_batch_size_count')! - batches;
    expect(newBatches).toBeGreaterThanOrEqual(1);
    expect(newBatches).toBeLessThanOrEqual(8);
    expect(m.value('tribune_ballot_batch_size_sum')! - (before.value('tribune_ballot_batch_size_sum') ?? 0)).toBe(8);
    expect(m.value('tribune_ballot_batch_size_bucket', { le: '5000' })).toBe(m.value('tribune_ballot_batch_size_count'));
  });

  // Last: it closes the database under the running app.
  it('counts the ballots a failed batch could not write', async () => {
    const { pollId, voters } = await pollWithVoters(2);
    // A first ballot: this node now knows the poll's definition and goes straight to the writer.
    await voters[1]!.ok('poll:vote', { pollId, choices: [1] });
    const before = (await scrape(t)).value('tribune_ballots_total', { outcome: 'failed' }) ?? 0;
    await t.app.database.close();
    expect(await voters[0]!.refused('poll:vote', { pollId, choices: [0] })).toBe('UNAVAILABLE');
    const m = await scrape(t);
    expect(m.value('tribune_ballots_total', { outcome: 'failed' })).toBe(before + 1);
    expect(m.value('tribune_command_duration_seconds_count', { event: 'poll:vote', outcome: 'error' })).toBe(1);
  });
});
