// What the lifecycle tests look at: the `released` debug line each resource plugin logs
// once it has closed (their order), and, when the run uses them, a PostgreSQL database's
// connections and the Redis channels under an app's prefix.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import postgres from 'postgres';

interface LogLine {
  msg: string;
  resource?: string;
}

/** Pino options keeping every line at debug level, and the resources released so far, in order. */
export function captureLog(): { logger: Record<string, unknown>; released(): (string | undefined)[] } {
  const lines: LogLine[] = [];
  return {
    logger: { level: 'debug', stream: { write: (line: string) => lines.push(JSON.parse(line) as LogLine) } },
    released: () => lines.filter((l) => l.msg === 'released').map((l) => l.resource),
  };
}

/** A Redis prefix of the test's own (when the run uses Redis), to look at its keys and channels. */
export function ownRedisPrefix(): { prefix: string; env: Record<string, string> } {
  const prefix = `t${randomBytes(5).toString('hex')}`;
  return { prefix, env: process.env.REDIS_URL ? { REDIS_PREFIX: prefix } : {} };
}

export async function withRedis<T>(use: (redis: Redis) => Promise<T>): Promise<T> {
  const redis = new Redis(process.env.REDIS_URL!);
  try {
    return await use(redis);
  } finally {
    redis.disconnect();
  }
}

/** Pub/sub channels someone listens to under the prefix (node-to-node forwarding). */
export const redisChannels = (prefix: string): Promise<string[]> =>
  withRedis(async (redis) => (await redis.pubsub('CHANNELS', `${prefix}:*`)) as string[]);

/** Open connections to the database of this URL. */
export async function connectionsTo(url: string): Promise<number> {
  const name = new URL(url).pathname.slice(1);
  const sql = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql<{ n: number }[]>`select count(*)::int as n from pg_stat_activity where datname = ${name}`;
    return row!.n;
  } finally {
    await sql.end();
  }
}
