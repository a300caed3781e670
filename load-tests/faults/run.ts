// The fault-injection suite: two real Tribune nodes on the suite's own PostgreSQL and
// Redis, a vote storm with ballot changes, questions and a running turn; each fault of
// issue 8 is injected mid-storm and the promises are checked per voter (checks.ts).
// Prints one table of figures and exits 1 when a promise is broken. Usage and flags:
// load-tests/faults/README.md. Traffic goes to 127.0.0.1 only; bounded by --timeout.
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { Redis } from 'ioredis';
import { startPostgres, startRedis, tempRoot, type OwnPostgres, type OwnRedis } from './cluster.ts';
import { ADMIN_TOKEN, TribuneNode, killEveryNode } from './nodes.ts';
import { Member, pool, type AckResult } from './crowd.ts';
import { checkQuestions, checkVoters, choicesKey, percentile, type BallotAttempt, type StoredBallot } from './checks.ts';
import { TribuneRest } from '../vote-storm/rest.ts';
import { printPhase, type PhaseReport } from './report.ts';

const FAULTS = ['kill9', 'sigstop', 'redis', 'postgres', 'slow-rpc', 'sigterm', 'ended'] as const;
type Fault = (typeof FAULTS)[number];

function parseArgs(argv: string[]) {
  const get = (name: string, dflt: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 && argv[i + 1] ? argv[i + 1]! : dflt;
  };
  const faults = get('faults', FAULTS.join(',')).split(',') as Fault[];
  for (const f of faults) if (!FAULTS.includes(f)) throw new Error(`unknown fault ${f} (one of ${FAULTS.join(', ')})`);
  return {
    voters: Number(get('voters', '1000')),
    askers: Number(get('askers', '10')),
    leaseMs: Number(get('lease', '5000')),
    /** Each voter's pause between an ack and its next ballot (about voters / this ballots per second). */
    thinkMs: Number(get('think', '1500')),
    turnSeconds: 12,
    stormMs: 14_000,
    faultAtMs: 3000,
    timeoutS: Number(get('timeout', '570')),
    faults,
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Send a keyed command (idempotency key, or a ballot's own seq) until its outcome is known:
 * no ack or UNAVAILABLE is sent again as is, up to 4 times, which the server answers with
 * the first result if it had applied it. The result kept is the last answer.
 */
async function resend(send: () => Promise<AckResult>): Promise<AckResult> {
  let r = await send();
  for (let k = 0; k < 4 && !r.ok && (r.code === 'NO_ACK' || r.code === 'UNAVAILABLE'); k++) {
    await sleep(Number(r.data?.details?.retryAfterMs ?? 500));
    const again = await send();
    r = { ...again, sentAt: r.sentAt };
  }
  return r;
}
const OPTIONS = Array.from({ length: 12 }, (_, i) => `Option ${i + 1}`);
/** Ballot j of voter i: a distinct non-empty subset of the 12 options (4,095 before a repeat). */
const ballotOf = (i: number, j: number) => {
  const mask = ((i * 131 + j) % 4095) + 1;
  return OPTIONS.map((_, k) => k).filter((k) => mask & (1 << k));
};

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const repo = fileURLToPath(new URL('../..', import.meta.url));
  const hard = setTimeout(() => {
    process.stderr.write(`fault suite: hard timeout of ${args.timeoutS} s reached\n`);
    cleanup().finally(() => process.exit(2));
  }, args.timeoutS * 1000);
  hard.unref();
  const tmp = tempRoot();
  let pg: OwnPostgres | null = null;
  let redis: OwnRedis | null = null;
  const members: Member[] = [];
  let sql: postgres.Sql | null = null;
  let watch: Redis | null = null;
  const cleanup = async () => {
    for (const m of members) m.close();
    killEveryNode();
    watch?.disconnect();
    await sql?.end({ timeout: 1 }).catch(() => undefined);
    redis?.destroy();
    pg?.destroy();
    tmp.remove();
  };
  process.on('SIGINT', () => void cleanup().finally(() => process.exit(130)));
  process.on('exit', () => killEveryNode());

  try {
    const t0 = Date.now();
    pg = await startPostgres(tmp.root);
    redis = await startRedis(tmp.root);
    const env = { databaseUrl: pg.url, redisUrl: redis.url, prefix: 'faults', leaseTtlMs: args.leaseMs, repo, root: tmp.root };
    const nodes = [await TribuneNode.create('a', env), await TribuneNode.create('b', env)];
    for (const n of nodes) await n.start();
    process.stdout.write(`own PostgreSQL :${pg.port}, own Redis :${redis.port}, nodes :${nodes.map((n) => n.port).join(' :')} (${Date.now() - t0} ms)\n`);
    sql = postgres(pg.url, { max: 2, onnotice: () => {}, connect_timeout: 2, backoff: () => 0.2 });
    watch = new Redis(redis.url, { maxRetriesPerRequest: 1, enableOfflineQueue: false, retryStrategy: () => 100, lazyConnect: true });
    watch.on('error', () => undefined);
    await watch.connect();

    const pick = (home: number) => (nodes[home]!.up ? nodes[home]!.baseUrl : (nodes.find((n) => n.up)?.baseUrl ?? null));
    /** A fresh debate per phase: a phase that breaks one does not spill into the next. */
    const setup = async (title: string) => {
      const rest = new TribuneRest(nodes[0]!.up ? nodes[0]!.baseUrl : nodes[1]!.baseUrl, ADMIN_TOKEN);
      const debateId = await rest.createStartedDebate(title);
      const modToken = await rest.moderatorToken(debateId);
      const { joined } = await rest.joinMany(debateId, args.voters + 1, 50);
      for (const m of members.splice(0)) m.close();
      const moderator = new Member(modToken, 'moderator', 0, pick);
      const speaker = new Member(joined[args.voters]!.token, joined[args.voters]!.participantId, 1, pick);
      const voters = joined.slice(0, args.voters).map((j, i) => new Member(j.token, j.participantId, i % 2, pick));
      members.push(moderator, speaker, ...voters);
      await pool(members, 100, (m) => m.connect(30_000));
      return { debateId, moderator, speaker, voters };
    };
    process.stdout.write(`each phase: a new debate with ${args.voters} voters (${args.askers} also ask questions), 1 speaker, 1 moderator\n`);
    let brokenPhases = 0;
    const leaseMs = args.leaseMs;

    const redisWatch = watch;
    const nodeOf = (id: string | null) => nodes.find((n) => id?.startsWith(`${n.name}-`)) ?? null;
    let phaseNo = 0;
    let moderator: Member;

    /** A moderator command, retried while the cluster answers UNAVAILABLE / NOT_OWNER / no ack. */
    // One idempotency key per command, kept over its retries: a retry returns the first result.
    const modCommand = async (acks: AckResult[], event: string, payload: object, withinMs = 20_000): Promise<AckResult> => {
      const deadline = Date.now() + withinMs;
      const keyed = { ...payload, commandId: randomBytes(12).toString('base64url') };
      for (;;) {
        const r = await moderator.emit(event, keyed, 10_000);
        acks.push(r);
        if (r.ok || Date.now() > deadline || !['UNAVAILABLE', 'NOT_OWNER', 'NO_ACK', 'CONFLICT', 'INTERNAL'].includes(r.code!)) return r;
        await sleep(300);
      }
    };

    const runPhase = async (fault: Fault): Promise<PhaseReport> => {
      if (fault === 'ended') return endedPhase(nodes, redisWatch, leaseMs);
      const { debateId, speaker, voters, ...rest } = await setup(`Phase ${phaseNo}: ${fault}`);
      moderator = rest.moderator;
      const ownerKey = `faults:owner:${debateId}`;
      const ownerId = await redisWatch.get(ownerKey);
      const owner = nodeOf(ownerId) ?? nodes[0]!;
      const modAcks: AckResult[] = [];
      const created = await modCommand(modAcks, 'poll:create', {
        question: `Phase ${phaseNo} (${fault})`,
        kind: 'multiple',
        options: OPTIONS,
        anonymous: false,
        visibility: 'live',
        autoCloseSeconds: null,
        openNow: true,
      });
      if (!created.ok) throw new Error(`poll:create failed: ${created.code} ${JSON.stringify(created.data)}`);
      const pollId = String(created.data.pollId);
      await speaker.emit('queue:raise', { mode: 'oral' });
      const granted = await modCommand(modAcks, 'floor:grant', { seconds: args.turnSeconds });
      const turnId = granted.ok ? String(granted.data.turnId) : null;

      // The storm.
      let stop = false;
      const attempts = new Map<string, BallotAttempt[]>();
      const questions = new Map<string, AckResult>();
      const allAcks: { op: string; r: AckResult }[] = [];
      const voteLoop = async (v: Member, i: number) => {
        const list: BallotAttempt[] = [];
        attempts.set(v.participantId, list);
        await sleep(Math.random() * args.thinkMs);
        for (let j = 0; !stop; j++) {
          const choices = ballotOf(i, j);
          // Numbered by the voter (seq); sent again as is when the outcome is unknown.
          const r = await resend(() => v.emit('poll:vote', { pollId, choices, seq: j + 1 }));
          list.push({ key: choicesKey(choices), result: r });
          allAcks.push({ op: 'poll:vote', r });
          await sleep(args.thinkMs * (0.5 + Math.random()));
        }
      };
      const askLoop = async (v: Member, i: number) => {
        for (let j = 0; !stop; j++) {
          const text = `p${phaseNo}-a${i}-q${j}`;
          const commandId = `p${phaseNo}a${i}q${j}-${randomBytes(6).toString('hex')}`;
          const r = await resend(() => v.emit('question:ask', { text, commandId }));
          questions.set(text, r);
          allAcks.push({ op: 'question:ask', r });
          await sleep(1000 + Math.random() * 1000);
        }
      };
      const ownerChanges: { at: number; id: string | null }[] = [];
      let lastOwner = ownerId;
      const watcher = setInterval(() => {
        redisWatch.get(ownerKey).then(
          (id) => {
            if (id !== lastOwner) ownerChanges.push({ at: Date.now(), id });
            lastOwner = id;
          },
          () => undefined,
        );
      }, 100);
      const stormStart = Date.now();
      const loops = [...voters.map(voteLoop), ...voters.slice(0, args.askers).map(askLoop)];

      await sleep(args.faultAtMs);
      const faultAt = Date.now();
      let healAt = faultAt;
      if (fault === 'kill9') owner.kill9();
      else if (fault === 'sigterm') await owner.terminate();
      else if (fault === 'sigstop') {
        owner.freeze();
        await sleep(leaseMs + 2000);
        owner.thaw();
        healAt = Date.now();
      } else if (fault === 'redis') {
        await redis!.stop();
        await sleep(3500);
        await redis!.start();
        healAt = Date.now();
      } else if (fault === 'postgres') {
        pg!.stop('fast');
        await sleep(4000);
        pg!.start();
        healAt = Date.now();
      } else if (fault === 'slow-rpc') {
        // PostgreSQL holds every append for 6.5 s: a command forwarded to the (healthy)
        // owner meanwhile takes longer than the 5 s RPC timeout.
        await sql!.begin(async (tx) => {
          await tx`lock table debate_events in exclusive mode`;
          await sleep(6500);
        });
        healAt = Date.now();
      }
      await sleep(Math.max(0, stormStart + args.stormMs - Date.now(), healAt + 5000 - Date.now()));
      stop = true;
      await Promise.all(loops);
      clearInterval(watcher);

      // Close the poll: its result must be its rows.
      const closed = await modCommand(modAcks, 'poll:close', { pollId });
      for (const r of modAcks) allAcks.push({ op: 'moderator', r });
      const db = sql!;
      const rows = await db<StoredBallot[]>`select participant_id, choices, version from ballots where poll_id = ${pollId}`;
      const qRows = await db<{ text: string }[]>`
        select payload->'question'->>'text' as text from debate_events
        where debate_id = ${debateId} and type = 'question:asked' and payload->'question'->>'text' like ${`p${phaseNo}-%`}`;
      let turn: { deadline: number; expiredAt: number | null } | null = null;
      if (turnId) {
        const until = Date.now() + 15_000;
        for (;;) {
          const [g] = await db<{ deadline: string }[]>`select payload->>'deadline' as deadline from debate_events
            where debate_id = ${debateId} and type = 'floor:granted' and payload->>'turnId' = ${turnId}`;
          const [x] = await db<{ at: string }[]>`select at from debate_events
            where debate_id = ${debateId} and type in ('floor:expired', 'floor:ended') and payload->>'turnId' = ${turnId}`;
          turn = { deadline: Number(g?.deadline), expiredAt: x ? Number(x.at) : null };
          if (x || Date.now() > until) break;
          await sleep(200);
        }
      }
      const up = nodes.find((n) => n.up)!;
      const verify = (await (await fetch(`${up.baseUrl}/api/debates/${debateId}/verify`)).json()) as { ok: boolean; count: number };
      const codes = new Map<string, number>();
      for (const { op, r } of allAcks) if (!r.ok) codes.set(`${op} ${r.code}`, (codes.get(`${op} ${r.code}`) ?? 0) + 1);
      const errors = allAcks.filter((a) => !a.r.ok).map((a) => a.r.ackAt);
      const healedQuestion = [...questions.values()].filter((r) => r.ok && r.sentAt >= healAt).sort((a, b) => a.ackAt - b.ackAt)[0];
      const voteLatency = allAcks.filter((a) => a.op === 'poll:vote' && a.r.ok).map((a) => a.r.ackAt - a.r.sentAt);
      const seqGaps = members.reduce((n, m) => n + m.seq.gaps, 0);
      const seqRegressions = members.reduce((n, m) => n + m.seq.regressions, 0);
      const closeTotal = closed.ok ? Number(closed.data?.results?.totalBallots) : Number.NaN;
      const report: PhaseReport = {
        fault,
        ballots: allAcks.filter((a) => a.op === 'poll:vote').length,
        ballotsOk: allAcks.filter((a) => a.op === 'poll:vote' && a.r.ok).length,
        voteP99: percentile(voteLatency, 99),
        voters: checkVoters(attempts, rows),
        questions: checkQuestions(questions, qRows.map((r) => r.text)),
        codes,
        conflictOrInternal: allAcks.filter((a) => a.r.code === 'CONFLICT' || a.r.code === 'INTERNAL').length,
        seqGaps,
        seqRegressions,
        verifyOk: verify.ok,
        closeOk: closed.ok && closeTotal === rows.length,
        closeNote: closed.ok ? `${closeTotal} counted / ${rows.length} rows` : `poll:close ${closed.code}`,
        turnOffsetMs: turn?.expiredAt != null ? turn.expiredAt - turn.deadline : null,
        ownerChangeMs: ownerChanges.length ? ownerChanges.find((c) => c.id !== null && c.id !== ownerId)?.at ?? null : null,
        faultAt,
        healAt,
        errorWindow: errors.length ? [Math.min(...errors) - faultAt, Math.max(...errors) - faultAt] : null,
        commandsBackMs: healedQuestion ? healedQuestion.ackAt - healAt : null,
        ownerName: owner.name,
        logs: logsOf(nodes),
      };
      if (report.ownerChangeMs != null) report.ownerChangeMs -= faultAt;
      return report;
    };

    process.stdout.write(`\n== fault suite: 2 nodes, ${args.voters} voters, lease ${leaseMs} ms\n`);
    for (const fault of args.faults) {
      phaseNo++;
      const started = Date.now();
      for (const n of nodes) if (!n.running) await n.start();
      let report: PhaseReport;
      try {
        report = await runPhase(fault);
      } catch (err) {
        report = { fault, failure: err instanceof Error ? err.message : String(err), logs: logsOf(nodes) };
      }
      for (const n of nodes) n.logCounts.clear();
      if (printPhase(report, Date.now() - started)) brokenPhases++;
    }
    process.stdout.write(`\n== ${args.faults.length - brokenPhases}/${args.faults.length} faults ridden out (${Math.round((Date.now() - t0) / 1000)} s in all)\n`);
    await cleanup();
    process.exit(brokenPhases ? 1 : 0);
  } catch (err) {
    process.stderr.write(`fault suite failed: ${err instanceof Error ? err.stack : String(err)}\n`);
    await cleanup();
    process.exit(2);
  }
}

function logsOf(nodes: TribuneNode[]): Map<string, number> {
  return new Map(nodes.flatMap((n) => [...n.logCounts].map(([k, v]) => [`${n.name}: ${k}`, v] as [string, number])));
}

/**
 * 100 debates started over both nodes, then ended: their leases must be released, and
 * (with both nodes up) no node adopts a live debate another node owns.
 */
async function endedPhase(nodes: TribuneNode[], watch: Redis, leaseMs: number): Promise<PhaseReport> {
  const rests = nodes.map((n) => new TribuneRest(n.baseUrl, ADMIN_TOKEN));
  const ids: string[] = [];
  await pool(Array.from({ length: 100 }, (_, i) => i), 10, async (i) => {
    ids.push(await rests[i % 2]!.createStartedDebate(`Ended ${i}`));
  });
  const held = async () => (await watch.mget(...ids.map((id) => `faults:owner:${id}`))).filter((v) => v !== null).length;
  const heldLive = await held();
  const before = new Map((await watch.mget(...ids.map((id) => `faults:owner:${id}`))).map((v, i) => [ids[i]!, v]));
  await sleep(leaseMs + 1500); // more than one sweep period with both nodes up
  const after = await watch.mget(...ids.map((id) => `faults:owner:${id}`));
  const moved = after.filter((v, i) => v !== before.get(ids[i]!)).length;
  await pool(ids, 10, async (id, i) => {
    const res = await fetch(`${nodes[(i + 1) % 2]!.baseUrl}/api/debates/${id}/end`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    if (res.status !== 200) throw new Error(`end ${id}: HTTP ${res.status} ${await res.text()}`);
  });
  const endedAt = Date.now();
  let stillHeld = await held();
  while (stillHeld > 0 && Date.now() - endedAt < leaseMs + 2000) {
    await sleep(200);
    stillHeld = await held();
  }
  return {
    fault: 'ended',
    ended: { heldLive, movedWhileLive: moved, stillHeld, releasedWithinMs: stillHeld === 0 ? Date.now() - endedAt : null },
    logs: logsOf(nodes),
  };
}

void main();
