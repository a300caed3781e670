// Webhooks end to end (issue 11, item 4): the real server, its durable queue, and real
// HTTP receivers that verify every Standard Webhooks signature. The lifecycle of a debate
// reaches a subscribed receiver (announced, changed, starting once at the scheduled start
// as moved by a postponement, live, ended, archive published, cancelled), only the events
// chosen; a failing receiver is retried with the same message id, then marked failed; the
// test button and the delivery log; bad input and private addresses refused.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobIdFor } from '../../src/notify/job-queue.ts';
import { verifySignature } from '../../src/webhooks/signature.ts';
import { WEBHOOK_STARTING_QUEUE } from '../../src/webhooks/webhooks-service.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { admin, http, modalities } from '../helpers/clients.ts';
import { until } from '../helpers/until.ts';

interface Received {
  id: string;
  valid: boolean;
  body: { type: string; timestamp: string; data: { debate: any } };
}

/** A receiver answering `status()`, keeping each request with its signature checked against `secret`. */
async function receiver(status: () => number): Promise<{ url: string; got: Received[]; secret: string; server: Server }> {
  const state = { url: '', got: [] as Received[], secret: '', server: null as unknown as Server };
  state.server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
    req.on('end', () => {
      const h = { id: String(req.headers['webhook-id']), timestamp: String(req.headers['webhook-timestamp']), signature: String(req.headers['webhook-signature']) };
      state.got.push({ id: h.id, valid: verifySignature(state.secret, h, raw, Math.floor(Date.now() / 1000)), body: JSON.parse(raw) });
      res.writeHead(status()).end();
    });
  });
  await new Promise<void>((r) => state.server.listen(0, '127.0.0.1', r));
  state.url = `http://127.0.0.1:${(state.server.address() as AddressInfo).port}/hooks/tribune`;
  return state;
}

describe('webhooks', () => {
  let t: TestApp;
  let all: Awaited<ReturnType<typeof receiver>>;
  let cancelOnly: Awaited<ReturnType<typeof receiver>>;
  let failing: Awaited<ReturnType<typeof receiver>>;
  const hookIds: Record<string, string> = {};

  const register = async (r: Awaited<ReturnType<typeof receiver>>, events: string[], key: string) => {
    const res = await admin(t, 'POST', '/api/webhooks', { url: r.url, events, description: `Récepteur ${key}` });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    r.secret = res.body.secret;
    hookIds[key] = res.body.webhook.id;
  };
  const types = (r: Awaited<ReturnType<typeof receiver>>, debateId?: string) =>
    r.got.filter((g) => !debateId || g.body.data.debate?.id === debateId).map((g) => g.body.type);

  beforeAll(async () => {
    all = await receiver(() => 204);
    cancelOnly = await receiver(() => 200);
    failing = await receiver(() => 500);
    t = await startTestApp({
      env: { MEDIA_ENABLED: 'false', WEBHOOK_ALLOW_PRIVATE: 'true', WEBHOOK_RETRIES: '2', WEBHOOK_RETRY_DELAY_SECONDS: '1', JOBS_POLL_SECONDS: '0.5' },
    });
    await register(all, ['debate.announced', 'debate.changed', 'debate.cancelled', 'debate.starting', 'debate.live', 'debate.ended', 'archive.published'], 'all');
    await register(cancelOnly, ['debate.cancelled'], 'cancelOnly');
    await register(failing, ['debate.cancelled'], 'failing');
  });
  afterAll(async () => {
    await t?.close();
    for (const r of [all, cancelOnly, failing]) r?.server.close();
  });

  it('sends the lifecycle of a debate, signed, without its access code', async () => {
    // Announced for S1, then moved forward to S2: "starting" comes at S2; the job due at
    // S1 finds the start moved and sends nothing (awaited through its own job state).
    const s1 = new Date(Date.now() + 8_000).toISOString();
    const created = await admin(t, 'POST', '/api/debates', {
      title: 'Plan vélo',
      modalities: modalities({ scheduledStart: s1, joinPolicy: 'code', accessCode: 'velo-2037' }),
    });
    const id = created.body.debate.id as string;
    // Edited as a draft: nobody hears of it.
    expect((await admin(t, 'PATCH', `/api/debates/${id}`, { title: 'Plan vélo 2037' })).status).toBe(200);
    expect((await admin(t, 'POST', `/api/debates/${id}/announce`)).status).toBe(200);
    await until('announced', () => types(all, id).includes('debate.announced'));
    const s2 = new Date(Date.now() + 1_000).toISOString();
    expect((await admin(t, 'POST', `/api/debates/${id}/postpone`, { scheduledStart: s2, reason: 'Salle libérée plus tôt' })).status).toBe(200);
    await until('changed', () => types(all, id).includes('debate.changed'));
    await until('starting', () => types(all, id).includes('debate.starting'), 15_000);
    const starting = all.got.find((g) => g.body.type === 'debate.starting')!;
    expect(starting.body.data.debate.modalities.scheduledStart).toBe(s2);
    await until('the job due at S1 done', async () => (await t.app.jobs.get(WEBHOOK_STARTING_QUEUE, jobIdFor(WEBHOOK_STARTING_QUEUE, `${id}:${s1}`)))?.state === 'completed', 20_000);
    for (const step of ['start', 'end', 'archive']) expect((await admin(t, 'POST', `/api/debates/${id}/${step}`)).status).toBe(200);
    await until('archive published', () => types(all, id).includes('archive.published'));
    expect(types(all, id)).toEqual(['debate.announced', 'debate.changed', 'debate.starting', 'debate.live', 'debate.ended', 'archive.published']);
    for (const g of all.got) {
      expect(g.valid, g.body.type).toBe(true);
      expect(g.id).toMatch(/^msg_/);
      expect(JSON.stringify(g.body)).not.toContain('velo-2037');
    }
    expect(new Set(all.got.map((g) => g.id)).size).toBe(all.got.length);
    // The receiver that chose only cancellations heard nothing of it.
    expect(types(cancelOnly, id)).toEqual([]);
  }, 45_000);

  it('retries a failing receiver with the same message, then marks it failed; others get it once', async () => {
    const created = await admin(t, 'POST', '/api/debates', { title: 'Piscine', modalities: modalities({ scheduledStart: '2037-06-01T18:00:00+02:00' }) });
    const id = created.body.debate.id as string;
    await admin(t, 'POST', `/api/debates/${id}/announce`);
    expect((await admin(t, 'POST', `/api/debates/${id}/cancel`, { reason: 'Travaux' })).status).toBe(200);
    await until('cancelled to both', () => types(cancelOnly, id).includes('debate.cancelled') && types(all, id).includes('debate.cancelled'));
    expect(cancelOnly.got.find((g) => g.body.data.debate?.id === id)!.body.data.debate.cancelReason).toBe('Travaux');
    const log = await until('failed after its retries', async () => {
      const res = await admin(t, 'GET', `/api/webhooks/${hookIds.failing}/deliveries`);
      const d = res.body.deliveries.find((x: any) => x.debateId === id);
      return d?.status === 'failed' && d;
    }, 20_000);
    expect(log).toMatchObject({ event: 'debate.cancelled', attempts: 3, lastStatusCode: 500, lastError: 'HTTP 500' });
    const tries = failing.got.filter((g) => g.body.data.debate?.id === id);
    expect(tries).toHaveLength(3);
    expect(new Set(tries.map((g) => g.id))).toEqual(new Set([log.id]));
    expect(tries.every((g) => g.valid)).toBe(true);
    expect(types(cancelOnly, id)).toEqual(['debate.cancelled']);
  });

  it('"send a test" goes through the queue and the delivery log', async () => {
    const res = await admin(t, 'POST', `/api/webhooks/${hookIds.cancelOnly}/test`);
    expect(res.status).toBe(202);
    const test = await until('test message', () => cancelOnly.got.find((g) => g.id === res.body.deliveryId));
    expect(test).toMatchObject({ valid: true, body: { type: 'webhook.test', data: { debate: null } } });
    const log = await until('delivered in the log', async () => {
      const l = await admin(t, 'GET', `/api/webhooks/${hookIds.cancelOnly}/deliveries`);
      const d = l.body.deliveries.find((x: any) => x.id === res.body.deliveryId);
      return d?.status === 'delivered' && d;
    });
    expect(log).toMatchObject({ event: 'webhook.test', attempts: 1, lastStatusCode: 200, lastError: null });
    const listed = await admin(t, 'GET', '/api/webhooks');
    expect(listed.body.webhooks.map((w: any) => w.id)).toEqual([hookIds.all, hookIds.cancelOnly, hookIds.failing]);
    expect(JSON.stringify(listed.body)).not.toContain('whsec_');
  });

  it('a webhook added after the announcement still hears "starting"', async () => {
    const start = new Date(Date.now() + 3_000).toISOString();
    const created = await admin(t, 'POST', '/api/debates', { title: 'Marché de Noël', modalities: modalities({ scheduledStart: start }) });
    const id = created.body.debate.id as string;
    expect((await admin(t, 'POST', `/api/debates/${id}/announce`)).status).toBe(200);
    const late = await receiver(() => 200);
    try {
      await register(late, ['debate.starting'], 'late');
      await until('starting to the late webhook', () => types(late, id).includes('debate.starting'), 15_000);
      expect(late.got.every((g) => g.valid)).toBe(true);
    } finally {
      late.server.close();
      await admin(t, 'DELETE', `/api/webhooks/${hookIds.late}`);
    }
  });

  it('refuses bad input and callers without the admin token', async () => {
    const bad = async (body: unknown) => {
      const r = await admin(t, 'POST', '/api/webhooks', body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.error.code).toBe('VALIDATION_FAILED');
    };
    const events = ['debate.announced'];
    await bad({ url: 'ftp://cms.ville.example/hook', events });
    await bad({ url: 'javascript:alert(1)', events });
    await bad({ url: 'file:///etc/passwd', events });
    await bad({ url: 'https://user:pass@cms.ville.example/hook', events });
    await bad({ url: `https://cms.ville.example/${'a'.repeat(2000)}`, events });
    await bad({ url: 'https://cms.ville.example/hook', events: [] });
    await bad({ url: 'https://cms.ville.example/hook', events: ['debate.deleted'] });
    await bad({ url: 'https://cms.ville.example/hook', events: ['debate.live', 'debate.live'] });
    await bad({ url: 'https://cms.ville.example/hook', events, description: 'd'.repeat(201) });
    await bad({ url: 'https://cms.ville.example/hook', events, description: 'a\r\nb' });
    expect((await http(t, 'POST', '/api/webhooks', { body: { url: 'https://cms.ville.example/hook', events } })).status).toBe(401);
    expect((await http(t, 'GET', `/api/webhooks/${hookIds.all}/deliveries`)).status).toBe(401);
    expect((await admin(t, 'POST', '/api/webhooks/nope/test')).status).toBe(404);
    expect((await admin(t, 'DELETE', '/api/webhooks/nope')).status).toBe(404);
  });

  it('refuses private and loopback targets unless WEBHOOK_ALLOW_PRIVATE', async () => {
    const strict = await startTestApp({ env: { MEDIA_ENABLED: 'false' } });
    try {
      for (const url of ['http://127.0.0.1:8080/hook', 'http://localhost/hook', 'http://[::1]/hook', 'http://169.254.169.254/latest/meta-data', 'http://10.0.0.5/hook']) {
        const r = await admin(strict, 'POST', '/api/webhooks', { url, events: ['debate.announced'] });
        expect(r.status, url).toBe(400);
      }
      expect((await admin(strict, 'POST', '/api/webhooks', { url: 'https://cms.ville.example/hook', events: ['debate.announced'] })).status).toBe(201);
    } finally {
      await strict.close();
    }
  });
});
