// `npm run bench:votes -- --nodes 2`: two Tribune nodes on one fresh PostgreSQL database
// and the machine's Redis (own key prefix); the participants are spread over both nodes
// (odd ones on the node that does not own the debate, which writes their ballots itself).
// Each participant casts a ballot and changes it `--changes` times, every ballot after the
// previous ack and numbered (seq), at most `--rate` ballots per second overall. Prints
// votes/s, ack p50/p99, each node's CPU ms per 1,000 ballots it received, and the promise:
// sent = acked, counted (poll:close) = rows, and stale = 0 (per voter the stored ballot is
// the last acknowledged one, read from the database).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import type { Socket } from 'socket.io-client';
import type { BenchArgs } from './args.ts';
import { ClientPool, connectReady, openSocket } from './clients.ts';
import { createBenchDatabase } from './pg-database.ts';
import { TribuneRest } from './rest.ts';
import { freePort, spawnNode, waitReady, type ChildServer } from './server-process.ts';
import { round1, summarize } from './stats.ts';

type Cleanup = (label: string, fn: () => Promise<void> | void) => void;
type Ack = { ok: true; data: { choices: number[]; version: number } } | { ok: false; error: { code: string } };

const OPTIONS = ['Oui', 'Non', 'Abstention'];

export async function runTwoNodes(args: BenchArgs, repoRoot: string, cleanup: Cleanup): Promise<number> {
  const db = await createBenchDatabase(args.postgresUrl);
  cleanup(`database ${db.name}`, () => db.drop());
  const redisUrl = args.redisUrl ?? 'redis://127.0.0.1:6379';
  const common = {
    HOST: '127.0.0.1',
    ADMIN_TOKEN: randomBytes(24).toString('base64url'),
    JWT_SECRET: randomBytes(48).toString('base64url'),
    LOG_LEVEL: 'warn',
    DATABASE_URL: db.url,
    REDIS_URL: redisUrl,
    REDIS_PREFIX: `bench${randomBytes(4).toString('hex')}`,
    MEDIA_ENABLED: 'false',
  };
  const nodes: ChildServer[] = [];
  for (const name of ['node-a', 'node-b']) {
    const dataDir = mkdtempSync(join(tmpdir(), 'tribune-bench-'));
    cleanup(`${name} data dir`, () => rmSync(dataDir, { recursive: true, force: true }));
    const port = await freePort();
    const node = spawnNode({
      name,
      cwd: repoRoot,
      args: ['--import', 'tsx', 'server/src/server.ts'],
      env: { ...common, PORT: String(port), DATA_DIR: dataDir, NODE_ID: name },
      port,
    });
    cleanup(name, () => node.stop());
    // One after the other: the second one must not race the first one's migrations.
    await waitReady(node, '/readyz', 120_000);
    nodes.push(node);
  }
  const [a, b] = nodes as [ChildServer, ChildServer];
  const rest = new TribuneRest(a.baseUrl, common.ADMIN_TOKEN);
  const debateId = await rest.createStartedDebate(`Vote storm, two nodes ${new Date().toISOString()}`); // a owns it
  const moderator = openSocket(a.baseUrl, await rest.moderatorToken(debateId));
  cleanup('moderator', () => void moderator.disconnect());
  await connectReady(moderator, 30_000);
  const { joined } = await rest.joinMany(debateId, args.participants, args.joinConcurrency);
  const pools = [new ClientPool(a.baseUrl), new ClientPool(b.baseUrl)] as const;
  cleanup('sockets', () => pools.forEach((p) => p.closeAll()));
  for (const [k, pool] of pools.entries()) {
    const tokens = joined.filter((_, i) => i % 2 === k).map((j) => j.token);
    const c = await pool.connectAll(tokens, args.connectConcurrency, 30_000);
    if (c.connected !== tokens.length) throw new Error(`${nodes[k]!.name}: ${c.connected}/${tokens.length} connected (${c.firstFailure})`);
  }
  const voters = joined.map((j, i) => ({ participantId: j.participantId, socket: pools[i % 2]!.sockets[Math.floor(i / 2)]!, node: i % 2 }));

  const created = await call<{ pollId: string }>(moderator, 'poll:create', {
    question: 'Vote storm (two nodes)',
    kind: 'single',
    options: OPTIONS,
    anonymous: true,
    visibility: 'live',
    autoCloseSeconds: null,
    openNow: true,
    commandId: randomBytes(12).toString('base64url'),
  });
  const pollId = created.pollId;
  await Promise.all(pools.map((p) => p.waitAllOpened(pollId, 15_000)));

  const ballotsPerVoter = args.changes + 1;
  const latencies: number[] = [];
  const errors: Record<string, number> = {};
  const lastAcked = new Map<string, number[]>();
  const received = [0, 0];
  let sent = 0;
  let acked = 0;
  // A token bucket shared by all voters: at most `rate` ballots per second.
  const t0 = performance.now();
  const slot = () => {
    const at = t0 + (sent * 1000) / args.rate;
    sent++;
    const wait = at - performance.now();
    return wait > 0 ? new Promise((r) => setTimeout(r, wait)) : Promise.resolve();
  };
  const cpuBefore = nodes.map((n) => n.cpuMs());
  const loadBefore = loadavg()[0]!;
  await Promise.all(
    voters.map(async (v, i) => {
      for (let k = 0; k < ballotsPerVoter; k++) {
        await slot();
        const choices = [(i + k) % OPTIONS.length];
        const started = performance.now();
        received[v.node]!++;
        const ack = (await v.socket.timeout(60_000).emitWithAck('poll:vote', { pollId, choices, seq: k + 1 }).catch(() => null)) as Ack | null;
        latencies.push(performance.now() - started);
        if (ack?.ok) {
          acked++;
          lastAcked.set(v.participantId, ack.data.choices);
        } else {
          const code = ack ? ack.error.code : 'NO_ACK';
          errors[code] = (errors[code] ?? 0) + 1;
        }
      }
    }),
  );
  const spanMs = performance.now() - t0;
  const cpuMs = nodes.map((n, k) => n.cpuMs() - cpuBefore[k]!);
  const closed = await call<{ results: { totalBallots: number } }>(moderator, 'poll:close', { pollId, commandId: randomBytes(12).toString('base64url') });

  const sql = postgres(db.url, { max: 1, onnotice: () => {} });
  let rows: { participant_id: string; choices: number[] }[];
  try {
    rows = await sql<{ participant_id: string; choices: number[] }[]>`select participant_id, choices from ballots where poll_id = ${pollId}`;
  } finally {
    await sql.end({ timeout: 5 });
  }
  const stored = new Map(rows.map((r) => [r.participant_id, r.choices]));
  let stale = 0;
  for (const [voter, choices] of lastAcked) if (JSON.stringify(stored.get(voter)) !== JSON.stringify(choices)) stale++;

  const ack = summarize(latencies);
  const lines = [
    '',
    `two nodes: ${args.participants} participants (half on each node), ${ballotsPerVoter} ballots each (seq-numbered, each after the previous ack), rate cap ${args.rate}/s`,
    `load average 1 min: ${loadBefore.toFixed(2)} at start, ${loadavg()[0]!.toFixed(2)} at end`,
    `votes/s: ${Math.round((acked * 1000) / spanMs)}  (${acked} acked in ${Math.round(spanMs)} ms)`,
    `ack ms: p50 ${round1(ack.p50)}  p99 ${round1(ack.p99)}  max ${round1(ack.max)}`,
    ...nodes.map((n, k) => `${n.name}${k === 0 ? ' (owner)' : ''}: ${received[k]} ballots received, CPU ${Math.round(cpuMs[k]!)} ms = ${round1((cpuMs[k]! * 1000) / Math.max(1, received[k]!))} ms per 1,000`),
    `sent ${sent} = acked ${acked}: ${sent === acked ? 'yes' : `NO (${JSON.stringify(errors)})`}`,
    `counted ${closed.results.totalBallots} = rows ${rows.length} = voters ${args.participants}: ${closed.results.totalBallots === rows.length && rows.length === args.participants ? 'yes' : 'NO'}`,
    `stale (stored ballot is not the last acknowledged): ${stale}`,
  ];
  console.log(lines.join('\n'));
  const pass = sent === acked && closed.results.totalBallots === rows.length && rows.length === args.participants && stale === 0;
  console.log(pass ? '\nALL PASS' : '\nFAILED');
  return pass ? 0 : 1;
}

async function call<T>(socket: Socket, event: string, payload: unknown): Promise<T> {
  const ack = (await socket.timeout(15_000).emitWithAck(event, payload)) as { ok: true; data: T } | { ok: false; error: unknown };
  if (!ack.ok) throw new Error(`${event} refused: ${JSON.stringify(ack.error)}`);
  return ack.data;
}
