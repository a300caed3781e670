// Command-line flags of the vote-storm benchmark, parsed and bounded once.
import { parseArgs } from 'node:util';
import type { Mode } from './scenario.ts';

export interface BenchArgs {
  participants: number;
  modes: Mode[];
  rate: number;
  db: 'pglite' | 'postgres';
  echo: boolean;
  /** Base URL of a PostgreSQL server the bench may create and drop databases on. */
  postgresUrl: string;
  redisUrl: string | null;
  joinConcurrency: number;
  connectConcurrency: number;
  /** Hard limit for the whole run, seconds. */
  timeoutSec: number;
  /** Burst rounds per target (a new poll each); the median one is compared. */
  burstRepeat: number;
  /** Tally period of the echo baseline (0 = none, a bare baseline). */
  echoTallyMs: number;
  /** 2: two Tribune nodes on PostgreSQL + Redis, participants over both (two-nodes.ts). */
  nodes: 1 | 2;
  /** --nodes 2: how many times each participant changes their ballot. */
  changes: number;
}

export const USAGE = `usage: npm run bench:votes -- [--participants N] [--mode burst|spread|both]
  [--rate VOTES_PER_SEC] [--db pglite|postgres] [--no-echo] [--postgres-url URL]
  [--redis-url URL] [--join-concurrency N] [--connect-concurrency N] [--timeout SECONDS]
  [--echo-tally-ms MS] [--burst-repeat N] [--nodes 1|2] [--changes N]
  --nodes 2: two nodes on PostgreSQL (--postgres-url) + Redis (--redis-url, default
  redis://127.0.0.1:6379), participants spread over both, each casting 1 + --changes
  ballots (default 1 change) at most --rate per second; no echo baseline`;

function intFlag(value: string | undefined, name: string, def: number, min: number, max: number): number {
  if (value === undefined) return def;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`--${name} must be an integer in [${min}, ${max}]`);
  return n;
}

export function parseBenchArgs(argv: string[]): BenchArgs {
  const { values } = parseArgs({
    args: argv,
    options: {
      participants: { type: 'string' },
      mode: { type: 'string' },
      rate: { type: 'string' },
      db: { type: 'string' },
      'no-echo': { type: 'boolean' },
      'postgres-url': { type: 'string' },
      'redis-url': { type: 'string' },
      'join-concurrency': { type: 'string' },
      'connect-concurrency': { type: 'string' },
      timeout: { type: 'string' },
      'echo-tally-ms': { type: 'string' },
      'burst-repeat': { type: 'string' },
      nodes: { type: 'string' },
      changes: { type: 'string' },
      help: { type: 'boolean' },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const mode = values.mode ?? 'both';
  if (!['burst', 'spread', 'both'].includes(mode)) throw new Error('--mode must be burst, spread or both');
  const db = values.db ?? 'pglite';
  if (db !== 'pglite' && db !== 'postgres') throw new Error('--db must be pglite or postgres');
  const redisUrl = values['redis-url'] ?? null;
  const postgresUrl = values['postgres-url'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  for (const url of [postgresUrl, redisUrl]) {
    if (url && !/^[a-z]+:\/\/([^@/]*@)?(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?(\/|$)/.test(url)) {
      throw new Error(`${url}: the benchmark only talks to loopback addresses`);
    }
  }
  return {
    participants: intFlag(values.participants, 'participants', 2000, 1, 10_000),
    modes: mode === 'both' ? ['burst', 'spread'] : [mode as Mode],
    rate: intFlag(values.rate, 'rate', 2000, 1, 50_000),
    db,
    echo: !values['no-echo'],
    postgresUrl,
    redisUrl,
    joinConcurrency: intFlag(values['join-concurrency'], 'join-concurrency', 50, 1, 500),
    connectConcurrency: intFlag(values['connect-concurrency'], 'connect-concurrency', 100, 1, 2000),
    timeoutSec: intFlag(values.timeout, 'timeout', 900, 10, 3600),
    burstRepeat: intFlag(values['burst-repeat'], 'burst-repeat', 3, 1, 9),
    echoTallyMs: intFlag(values['echo-tally-ms'], 'echo-tally-ms', 0, 0, 5000),
    nodes: intFlag(values.nodes, 'nodes', 1, 1, 2) as 1 | 2,
    changes: intFlag(values.changes, 'changes', 1, 0, 20),
  };
}
