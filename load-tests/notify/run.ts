// Notification benchmark (`npm run bench:notify [-- --subscribers 10000]`): one Tribune
// app in this process (PGlite by default, PostgreSQL with DATABASE_URL: a fresh database
// dropped afterwards), a local SMTP sink (smtp-server, counting and discarding), N
// confirmed subscribers of one debate, then the debate is announced. Prints mails/s, the
// queue's latency (announce -> fan-out, delivery queued -> sent, from the delivery log)
// and memory (RSS and heap, peak while sending). Hard timeout: 15 minutes.
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { sql } from 'drizzle-orm';
import { buildApp } from '../../server/src/app.ts';
import { loadConfig } from '../../server/src/config.ts';
import { subscribeConfirmed } from '../../server/src/notify/subscriptions.ts';
import { createTestDatabaseUrl } from '../../server/test/helpers/pg.ts';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const N = arg('subscribers', 10_000);
const CONNECTIONS = arg('connections', 5);
const ADMIN = 'bench-admin-token-0123456789abcdef';

const timer = setTimeout(() => {
  console.error('bench:notify: timed out after 15 min');
  process.exit(2);
}, 15 * 60_000);

async function main() {
  let received = 0;
  let firstAt = 0;
  let lastAt = 0;
  const sink = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _s, cb) {
      stream.on('data', () => {});
      stream.on('end', () => {
        received++;
        lastAt = performance.now();
        firstAt ||= lastAt;
        cb();
      });
    },
  });
  await new Promise<void>((r) => sink.listen(0, '127.0.0.1', () => r()));
  const smtpPort = (sink.server.address() as AddressInfo).port;

  const dataDir = await mkdtemp(join(tmpdir(), 'tribune-bench-notify-'));
  const pg = process.env.DATABASE_URL ? await createTestDatabaseUrl() : null;
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    ADMIN_TOKEN: ADMIN,
    JWT_SECRET: 'bench-jwt-secret-0123456789abcdef0123456789',
    LOG_LEVEL: 'warn',
    MEDIA_ENABLED: 'false',
    SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
    MAIL_RATE_PER_SEC: '10000',
    MAIL_MAX_CONNECTIONS: String(CONNECTIONS),
    JOBS_POLL_SECONDS: '0.5',
    ...(pg ? { DATABASE_URL: pg.url } : {}),
  });
  const app = await buildApp(config, { logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const inject = (method: 'POST' | 'GET', url: string, payload?: unknown) =>
    app.inject({ method, url, headers: { authorization: `Bearer ${ADMIN}` }, ...(payload ? { payload: payload as object } : {}) });
  try {
    const created = await inject('POST', '/api/debates', {
      title: 'Budget participatif 2027',
      location: 'Salle du conseil',
      modalities: {
        format: 'hybrid',
        scheduledStart: new Date(Date.now() + 3 * 86_400_000).toISOString(),
        plannedDurationMinutes: 90,
        interventionModes: ['oral', 'written'],
        guests: [{ id: 'alice', name: 'Alice Martin', affiliation: 'Mairie' }],
      },
    });
    const debateId = created.json().debate.id as string;
    const t0 = performance.now();
    for (let i = 0; i < N; i += 1000) {
      await subscribeConfirmed(
        app.database,
        debateId,
        Array.from({ length: Math.min(1000, N - i) }, (_, k) => ({ email: `citoyen${i + k}@example.org` })),
        new Date(),
      );
    }
    const seeded = performance.now() - t0;

    let peakRss = 0;
    let peakHeap = 0;
    const sampler = setInterval(() => {
      const m = process.memoryUsage();
      peakRss = Math.max(peakRss, m.rss);
      peakHeap = Math.max(peakHeap, m.heapUsed);
    }, 200);
    const rssBefore = process.memoryUsage().rss;
    const announcedAt = performance.now();
    const announcedWall = Date.now();
    const r = await inject('POST', `/api/debates/${debateId}/announce`);
    if (r.statusCode !== 200) throw new Error(`announce: ${r.statusCode} ${r.body}`);
    while (received < N) {
      await new Promise((res) => setTimeout(res, 100));
      if (performance.now() - announcedAt > 14 * 60_000) throw new Error(`only ${received}/${N} mails arrived`);
    }
    const doneAt = performance.now();
    clearInterval(sampler);

    const rows = (await app.database.db.execute(sql`
      select extract(epoch from (sent_at - created_at)) * 1000 as ms, extract(epoch from created_at) * 1000 as queued_at
      from notify_deliveries where debate_id = ${debateId} and status = 'sent'`)) as unknown;
    const list = (Array.isArray(rows) ? rows : (rows as { rows: unknown[] }).rows) as { ms: string | number; queued_at: string | number }[];
    const lat = list.map((x) => Number(x.ms)).sort((a, b) => a - b);
    const q = (p: number) => lat[Math.min(lat.length - 1, Math.floor(p * lat.length))]!;
    const firstQueued = Math.min(...list.map((x) => Number(x.queued_at)));
    const mb = (b: number) => `${Math.round(b / 1048576)} MB`;

    console.log(`bench:notify — ${N} subscribers, ${config.databaseUrl ? 'PostgreSQL' : 'PGlite'}, ${CONNECTIONS} SMTP connections`);
    console.log(`machine: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${mb(totalmem())} RAM, node ${process.version}`);
    console.log(`seeding ${N} confirmed subscriptions: ${(seeded / 1000).toFixed(1)} s`);
    console.log(`mails delivered to the sink: ${received}/${N} (deliveries marked sent: ${lat.length})`);
    console.log(`announce -> last mail: ${((doneAt - announcedAt) / 1000).toFixed(1)} s = ${(N / ((doneAt - announcedAt) / 1000)).toFixed(0)} mails/s overall`);
    console.log(`first -> last mail: ${((lastAt - firstAt) / 1000).toFixed(1)} s = ${(N / ((lastAt - firstAt) / 1000)).toFixed(0)} mails/s sustained`);
    console.log(`announce -> first mail: ${((firstAt - announcedAt) / 1000).toFixed(2)} s; announce -> fan-out rows queued: ${((firstQueued - announcedWall) / 1000).toFixed(2)} s`);
    console.log(`queue latency (delivery queued -> sent): p50 ${(q(0.5) / 1000).toFixed(1)} s, p95 ${(q(0.95) / 1000).toFixed(1)} s, max ${(lat.at(-1)! / 1000).toFixed(1)} s`);
    console.log(`memory: RSS ${mb(rssBefore)} before, peak ${mb(peakRss)}; heap peak ${mb(peakHeap)}`);
  } finally {
    await app.close();
    await new Promise<void>((r) => sink.close(() => r()));
    await pg?.drop();
    await rm(dataDir, { recursive: true, force: true });
    clearTimeout(timer);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
