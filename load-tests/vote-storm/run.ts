// Vote-storm benchmark entry point (`npm run bench:votes -- --participants 2000`).
// Runs the echo baseline, then Tribune, each as a child process on 127.0.0.1, with the
// same N clients in this process; prints a table and PASS/FAIL lines, writes a JSON
// report to load-tests/reports/. A hard timeout, Ctrl-C or any error releases every
// child process, socket, database and temp dir this run took.
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseBenchArgs, USAGE, type BenchArgs } from './args.ts';
import {
  connectCheck,
  renderChecks,
  renderTable,
  roundChecks,
  targetChecks,
  writeJsonReport,
  type Check,
  type TargetReport,
} from './report.ts';
import { runRound } from './scenario.ts';
import { runTwoNodes } from './two-nodes.ts';
import { killAllChildrenNow } from './server-process.ts';
import { setUpEcho, setUpTribune, type Prepared, type SetupOptions } from './targets.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const reportsDir = resolve(repoRoot, 'load-tests/reports');

const cleanups: { label: string; fn: () => Promise<void> | void }[] = [];
const addCleanup = (label: string, fn: () => Promise<void> | void): void => void cleanups.push({ label, fn });

/** Undo everything registered after `mark`, newest first; each step bounded to 20 s. */
async function releaseTo(mark: number): Promise<void> {
  while (cleanups.length > mark) {
    const { label, fn } = cleanups.pop()!;
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        Promise.resolve().then(fn),
        new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('cleanup timed out')), 20_000))),
      ]);
    } catch (err) {
      console.error(`cleanup of ${label} failed: ${(err as Error).message}`);
    } finally {
      clearTimeout(timer);
    }
  }
}

let aborting = false;
async function abort(reason: string, code: number): Promise<never> {
  if (!aborting) {
    aborting = true;
    console.error(`\nvote-storm: ${reason}; stopping everything it started`);
    await releaseTo(0);
  }
  process.exit(code);
}

function checkFileDescriptors(participants: number): void {
  const limits = readFileSync('/proc/self/limits', 'utf8');
  const m = /Max open files\s+(\d+|unlimited)/.exec(limits);
  const soft = m?.[1] === 'unlimited' ? Infinity : Number(m?.[1] ?? 0);
  const need = participants + 512;
  if (soft < need) {
    console.error(
      `vote-storm: the open-file limit is ${soft}, ${participants} participants need at least ${need} ` +
        `(one socket each in this process and in the server). Raise it first: ulimit -n ${need}`,
    );
    process.exit(2);
  }
}

async function benchTarget(kind: 'echo' | 'tribune', args: BenchArgs, setup: SetupOptions): Promise<TargetReport> {
  const mark = cleanups.length;
  try {
    console.log(`\n[${kind}] starting, connecting ${args.participants} participants...`);
    const prepared: Prepared = kind === 'echo' ? await setUpEcho(setup, addCleanup) : await setUpTribune(setup, addCleanup);
    console.log(`[${kind}] ${prepared.connect.connected} connected in ${Math.round(prepared.connect.totalMs)} ms`);
    const report: TargetReport = {
      kind,
      readyMs: prepared.readyMs,
      join: prepared.join,
      connect: prepared.connect,
      rssKbBeforeConnect: prepared.rssKbBeforeConnect,
      rssKbAfterConnect: prepared.rssKbAfterConnect,
      info: prepared.info,
      rounds: [],
    };
    const plan = args.modes.flatMap((mode) => Array.from({ length: mode === 'burst' ? args.burstRepeat : 1 }, () => mode));
    for (const [i, mode] of plan.entries()) {
      await new Promise((res) => setTimeout(res, 1000)); // let timers and GC settle between rounds
      const sameMode = plan.filter((m) => m === mode).length;
      const label = sameMode > 1 ? `${mode}#${plan.slice(0, i + 1).filter((m) => m === mode).length}` : mode;
      console.log(`[${kind}] ${label} round...`);
      const round = await runRound(prepared.target, {
        mode,
        label,
        rate: args.rate,
        ackTimeoutMs: 60_000,
        tallyTimeoutMs: 5_000,
      });
      console.log(`[${kind}] ${label}: ${round.acked}/${round.sent} acked, ${Math.round(round.votesPerSec)} votes/s`);
      report.rounds.push(round);
    }
    return report;
  } finally {
    await releaseTo(mark);
  }
}

async function main(): Promise<number> {
  let args: BenchArgs;
  try {
    args = parseBenchArgs(process.argv.slice(2));
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  checkFileDescriptors(args.participants);
  const hardTimer = setTimeout(() => void abort(`hard timeout of ${args.timeoutSec} s reached`, 3), args.timeoutSec * 1000);
  if (args.nodes === 2) {
    try {
      return await runTwoNodes(args, repoRoot, addCleanup);
    } finally {
      clearTimeout(hardTimer);
      await releaseTo(0);
    }
  }
  const setup: SetupOptions = { repoRoot, ...args };
  const startedAt = new Date().toISOString();
  console.log(
    `vote-storm: ${args.participants} participants, modes ${args.modes.join('+')}, spread rate ${args.rate}/s, ` +
      `db ${args.db}${args.redisUrl ? ', redis' : ''}, echo ${args.echo ? 'on' : 'off'}, ${cpus().length} cores, node ${process.version}`,
  );
  // Other work on this small machine skews every figure: say so in the verdicts.
  const loadAtStart = loadavg()[0]!;
  const extraChecks: Check[] = [];
  if (loadAtStart > cpus().length * 0.5) {
    extraChecks.push({
      name: 'machine quiet at start',
      pass: false,
      warnOnly: true,
      detail: `1-min load average ${loadAtStart.toFixed(2)} on ${cpus().length} cores: other work is running, figures are noisy`,
    });
  }
  const targets: TargetReport[] = [];
  for (const kind of args.echo ? (['echo', 'tribune'] as const) : (['tribune'] as const)) {
    try {
      targets.push(await benchTarget(kind, args, setup));
    } catch (err) {
      // Keep the other target's figures: report this one as a failed check.
      console.error(`[${kind}] failed: ${(err as Error).stack ?? String(err)}`);
      extraChecks.push({ name: `${kind}: run completed`, pass: false, detail: (err as Error).message.split('\n')[0]! });
    }
  }
  clearTimeout(hardTimer);

  const echo = targets.find((t) => t.kind === 'echo') ?? null;
  const tribune = targets.find((t) => t.kind === 'tribune') ?? null;
  const checks = [
    ...extraChecks,
    ...targets.flatMap((t) => [connectCheck(t), ...t.rounds.flatMap((r) => roundChecks(t, r))]),
    ...targetChecks(echo, tribune),
  ];
  console.log(renderTable(targets));
  console.log(`\n${renderChecks(checks)}`);
  const file = writeJsonReport(reportsDir, {
    startedAt,
    finishedAt: new Date().toISOString(),
    args,
    machine: { cores: cpus().length, node: process.version, loadAtStart, loadAtEnd: loadavg()[0] },
    client: { rssKb: Math.round(process.memoryUsage().rss / 1024), cpu: process.cpuUsage() },
    targets,
    checks,
  });
  const failed = checks.filter((c) => !c.pass && !c.warnOnly).length;
  console.log(`\n${failed === 0 ? 'ALL PASS' : `${failed} FAILED`} — report: ${file}`);
  return failed === 0 ? 0 : 1;
}

process.on('exit', killAllChildrenNow);
process.on('SIGINT', () => void abort('interrupted', 130));
process.on('SIGTERM', () => void abort('terminated', 143));
process.on('unhandledRejection', (err) => void abort(`unhandled rejection: ${(err as Error)?.stack ?? String(err)}`, 1));

main().then(
  (code) => process.exit(code),
  (err: Error) => abort(`error: ${err.stack ?? err.message}`, 1),
);
