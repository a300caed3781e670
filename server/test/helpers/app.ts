// The one way tests build Tribune: the real app on a random port, a temporary data
// directory, PGlite by default or a fresh PostgreSQL database when DATABASE_URL is set
// (the CI runs the suite both ways), Redis when REDIS_URL is set.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { loadConfig, type Config } from '../../src/config.ts';
import { buildApp, type BuildOptions } from '../../src/app.ts';
import type { Clock } from '../../src/clock.ts';
import { createTestDatabaseUrl } from './pg.ts';

export const ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';
export const JWT_SECRET = 'test-jwt-secret-0123456789abcdef0123456789';

export interface TestApp {
  app: FastifyInstance;
  config: Config;
  baseUrl: string;
  port: number;
  /** Close the app; keep the data (database and directory) for a restart. */
  stop(): Promise<void>;
  /** Start a new app on the same data (simulates a server restart). */
  restart(): Promise<TestApp>;
  /** Close and delete everything. */
  close(): Promise<void>;
}

export interface TestAppOptions {
  clock?: Clock;
  env?: Record<string, string>;
  /** Pino options (e.g. a stream that keeps the lines); silent by default. */
  logger?: BuildOptions['logger'];
}

export async function startTestApp(opts: TestAppOptions = {}): Promise<TestApp> {
  const dataDir = await mkdtemp(join(tmpdir(), 'tribune-test-'));
  // A given DATABASE_URL (several nodes on one database) is used as is; otherwise a fresh
  // database per app when the run targets PostgreSQL.
  const db = process.env.DATABASE_URL && !opts.env?.DATABASE_URL ? await createTestDatabaseUrl() : null;
  const env: Record<string, string> = {
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    ADMIN_TOKEN,
    JWT_SECRET,
    LOG_LEVEL: 'silent',
    // Every test client is 127.0.0.1 and many tests try wrong codes on purpose: the HTTP
    // rate limits are out of the way unless a test sets them (server/test/security/).
    JOIN_LIMIT_PER_IP: '100000',
    JOIN_LIMIT_PER_DEBATE: '100000',
    JOIN_FAILURES_PER_IP: '100000',
    JOIN_FAILURES_PER_DEBATE: '100000',
    AUTH_FAILURES_PER_IP: '100000',
    ...(db ? { DATABASE_URL: db.url } : {}),
    // Each test app is its own cluster unless a test shares a prefix between nodes.
    ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL, REDIS_PREFIX: `t${randomBytes(5).toString('hex')}` } : {}),
    ...opts.env,
  };
  const cleanup = async () => {
    await db?.drop();
    await rm(dataDir, { recursive: true, force: true });
  };
  return boot(env, opts, cleanup);
}

async function boot(env: Record<string, string>, opts: TestAppOptions, cleanup: () => Promise<void>): Promise<TestApp> {
  const config = loadConfig(env);
  let app: FastifyInstance;
  try {
    app = await buildApp(config, { logger: opts.logger ?? false, ...(opts.clock ? { clock: opts.clock } : {}) });
  } catch (err) {
    // buildApp has closed what it opened; the data goes too.
    await cleanup();
    throw err;
  }
  await app.listen({ port: 0, host: '127.0.0.1' });
  await app.services.resumeLiveDebates();
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await app.close();
  };
  return {
    app,
    config,
    port,
    baseUrl: `http://127.0.0.1:${port}`,
    stop,
    restart: async () => {
      await stop();
      return boot(env, opts, cleanup);
    },
    close: async () => {
      await stop();
      await cleanup();
    },
  };
}
