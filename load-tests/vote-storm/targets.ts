// Bring a benchmark target up to "N participants connected": the echo baseline (no REST)
// or the real Tribune server (fresh data dir, optional fresh PostgreSQL database, debate
// created and started, participants joined over REST). Every resource taken is handed to
// the caller's cleanup list at once, so a timeout or Ctrl-C still releases it.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClientPool, connectReady, openSocket, type ConnectStats } from './clients.ts';
import { createBenchDatabase } from './pg-database.ts';
import { TribuneRest, type JoinStats } from './rest.ts';
import type { Target } from './scenario.ts';
import { freePort, spawnNode, waitReady, type ChildServer } from './server-process.ts';

export type Cleanup = (label: string, fn: () => Promise<void> | void) => void;

export interface Prepared {
  target: Target;
  connect: ConnectStats;
  join: JoinStats | null;
  rssKbBeforeConnect: number;
  rssKbAfterConnect: number;
  readyMs: number;
  info: Record<string, string>;
}

export interface SetupOptions {
  repoRoot: string;
  participants: number;
  connectConcurrency: number;
  joinConcurrency: number;
  db: 'pglite' | 'postgres';
  postgresUrl: string;
  redisUrl: string | null;
  echoTallyMs: number;
}

const CONNECT_TIMEOUT_MS = 30_000;

async function connectAll(
  server: ChildServer,
  tokens: { moderator: string; observer: string; participants: string[] },
  opts: SetupOptions,
  cleanup: Cleanup,
): Promise<Omit<Prepared, 'join' | 'readyMs' | 'info'>> {
  const pool = new ClientPool(server.baseUrl);
  const moderator = openSocket(server.baseUrl, tokens.moderator);
  const observer = openSocket(server.baseUrl, tokens.observer);
  cleanup(`${server.name} sockets`, () => {
    pool.closeAll();
    moderator.disconnect();
    observer.disconnect();
  });
  const rssKbBeforeConnect = server.rssKb();
  await connectReady(moderator, CONNECT_TIMEOUT_MS).catch((err: Error) => {
    throw new Error(`moderator socket: ${err.message}`);
  });
  await connectReady(observer, CONNECT_TIMEOUT_MS).catch((err: Error) => {
    throw new Error(`observer socket: ${err.message}`);
  });
  const connect = await pool.connectAll(tokens.participants, opts.connectConcurrency, CONNECT_TIMEOUT_MS);
  if (connect.connected === 0) throw new Error(`no participant could connect: ${connect.firstFailure}`);
  return {
    target: { kind: 'echo', server, moderator, observer, pool, audit: null },
    connect,
    rssKbBeforeConnect,
    rssKbAfterConnect: server.rssKb(),
  };
}

export async function setUpEcho(opts: SetupOptions, cleanup: Cleanup): Promise<Prepared> {
  const port = await freePort();
  const t0 = performance.now();
  const server = spawnNode({
    name: 'echo-server',
    cwd: opts.repoRoot,
    args: ['--import', 'tsx', 'load-tests/vote-storm/echo-server.ts'],
    env: { PORT: String(port), HOST: '127.0.0.1', ECHO_TALLY_MS: String(opts.echoTallyMs) },
    port,
  });
  cleanup('echo-server', () => server.stop());
  await waitReady(server, '/readyz', 30_000);
  const readyMs = performance.now() - t0;
  const participants = Array.from({ length: opts.participants }, (_, i) => `echo-${i}`);
  const up = await connectAll(server, { moderator: 'echo-mod', observer: 'echo-obs', participants }, opts, cleanup);
  return { ...up, join: null, readyMs, info: { echoTallyMs: String(opts.echoTallyMs) } };
}

export async function setUpTribune(opts: SetupOptions, cleanup: Cleanup): Promise<Prepared> {
  const info: Record<string, string> = { db: opts.db };
  const dataDir = mkdtempSync(join(tmpdir(), 'tribune-bench-'));
  cleanup('data dir', () => rmSync(dataDir, { recursive: true, force: true }));
  const env: Record<string, string> = {
    PORT: '',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    ADMIN_TOKEN: randomBytes(24).toString('base64url'),
    JWT_SECRET: randomBytes(48).toString('base64url'),
    LOG_LEVEL: 'warn',
    // Every virtual user joins from 127.0.0.1: the per-address join limits are lifted.
    JOIN_LIMIT_PER_IP: '1000000',
    JOIN_LIMIT_PER_DEBATE: '1000000',
  };
  if (opts.db === 'postgres') {
    const db = await createBenchDatabase(opts.postgresUrl);
    cleanup(`database ${db.name}`, () => db.drop());
    env.DATABASE_URL = db.url;
    info.database = db.name;
  }
  if (opts.redisUrl) {
    env.REDIS_URL = opts.redisUrl;
    info.redis = opts.redisUrl;
  }
  const port = await freePort();
  env.PORT = String(port);
  const t0 = performance.now();
  const server = spawnNode({
    name: 'tribune-server',
    cwd: opts.repoRoot,
    args: [...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []), '--import', 'tsx', 'server/src/server.ts'],
    env,
    port,
  });
  cleanup('tribune-server', () => server.stop());
  await waitReady(server, '/readyz', 120_000);
  const readyMs = performance.now() - t0;

  const rest = new TribuneRest(server.baseUrl, env.ADMIN_TOKEN!);
  const debateId = await rest.createStartedDebate(`Vote storm ${new Date().toISOString()}`);
  info.debateId = debateId;
  const moderator = await rest.moderatorToken(debateId);
  // One more participant than voters: the observer, who only watches tallies.
  const { joined, stats } = await rest.joinMany(debateId, opts.participants + 1, opts.joinConcurrency);
  const tokens = joined.map((j) => j.token);
  const observer = tokens.pop()!;
  const up = await connectAll(server, { moderator, observer, participants: tokens }, opts, cleanup);
  up.target.kind = 'tribune';
  up.target.audit = (pollId) => rest.audit(debateId, pollId);
  return { ...up, join: stats, readyMs, info };
}
