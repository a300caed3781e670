// Verdicts and output of the vote-storm benchmark: correctness checks per round, the
// performance targets, a plain-text table for the terminal and the JSON report.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ConnectStats } from './clients.ts';
import type { JoinStats } from './rest.ts';
import type { Mode, RoundResult } from './scenario.ts';
import { round1 } from './stats.ts';

export interface TargetReport {
  kind: 'echo' | 'tribune';
  readyMs: number;
  join: JoinStats | null;
  connect: ConnectStats;
  rssKbBeforeConnect: number;
  rssKbAfterConnect: number;
  info: Record<string, string>;
  rounds: RoundResult[];
}

export interface Check {
  name: string;
  pass: boolean;
  detail: string;
  /** A protocol remark: printed as WARN, does not fail the run. */
  warnOnly?: boolean;
  /** Checks of one round share a group; a group that fully passes prints as one line. */
  group?: string;
}

const sameCounts = (a: readonly number[] | undefined, b: readonly number[]): boolean =>
  !!a && a.length === b.length && a.every((v, i) => v === b[i]);

/** Every vote sent was acked once, counted once by poll:close and stored once. */
function votesExact(r: RoundResult): boolean {
  return (
    r.sent === r.participants &&
    r.acked === r.sent &&
    r.closeResults?.totalBallots === r.acked &&
    sameCounts(r.closeResults?.counts, r.expectedCounts) &&
    r.audit?.ballotRows === r.acked &&
    sameCounts(r.audit?.results?.counts, r.expectedCounts)
  );
}

export function connectCheck(t: TargetReport): Check {
  return { name: `${t.kind}: all participants connected`, pass: t.connect.failures === 0, detail: `${t.connect.connected}/${t.connect.requested}${t.connect.firstFailure ? `, first failure: ${t.connect.firstFailure}` : ''}` };
}

/** sent = acked = final tally = database rows, per option too; `group` is the round's label. */
export function roundChecks(t: TargetReport, r: RoundResult): Check[] {
  const group = `${t.kind} ${r.label}`;
  const checks: Check[] = [
    { group, name: 'every participant saw poll:opened', pass: r.openedSeen === r.participants, detail: `${r.openedSeen}/${r.participants}` },
    { group, name: 'sent = acked (no rejection, no missing ack)', pass: r.sent === r.participants && r.acked === r.sent, detail: `sent ${r.sent}, acked ${r.acked}, rejected ${r.rejected} ${JSON.stringify(r.errorCodes)}, missing ${r.missing}` },
    { group, name: 'final tally total = acked, counts per option = sent', pass: r.closeResults?.totalBallots === r.acked && sameCounts(r.closeResults?.counts, r.expectedCounts), detail: r.closeError ?? `total ${r.closeResults?.totalBallots} counts ${JSON.stringify(r.closeResults?.counts)} expected ${JSON.stringify(r.expectedCounts)}` },
    { group, name: 'no unexpected disconnect', pass: r.unexpectedDisconnects === 0, detail: `${r.unexpectedDisconnects}` },
  ];
  if (r.closeSource === 'event') {
    checks.push({ group, name: 'poll:close ack carries { results }', pass: false, warnOnly: true, detail: 'final tally taken from the poll:closed event instead' });
  }
  if (t.kind === 'tribune') {
    checks.push(
      { group, name: 'receipts unique', pass: r.uniqueReceipts === r.acked, detail: `${r.uniqueReceipts} unique / ${r.acked}` },
      { group, name: 'audit ballotRows = acked, audit counts = sent', pass: r.audit?.ballotRows === r.acked && r.audit?.results?.totalBallots === r.acked && sameCounts(r.audit?.results?.counts, r.expectedCounts), detail: r.auditError ?? `ballotRows ${r.audit?.ballotRows} total ${r.audit?.results?.totalBallots} counts ${JSON.stringify(r.audit?.results?.counts)}` },
      { group, name: 'observer saw a tally with every ballot', pass: r.tally.broadcastLatencyMs !== null, detail: `last tally total ${r.tally.lastTotal}, ${r.tally.received} tallies` },
    );
  }
  return checks;
}

/** The round that stands for a mode: the median by throughput when a mode was repeated. */
export function representative(t: TargetReport | null | undefined, mode: Mode): RoundResult | undefined {
  const runs = (t?.rounds ?? []).filter((r) => r.mode === mode).sort((a, b) => a.votesPerSec - b.votesPerSec);
  return runs[Math.floor((runs.length - 1) / 2)];
}

export function targetChecks(echo: TargetReport | null, tribune: TargetReport | null): Check[] {
  const checks: Check[] = [];
  const find = representative;
  const tb = find(tribune, 'burst');
  const eb = find(echo, 'burst');
  if (tb && eb) {
    const ratio = tb.votesPerSec / eb.votesPerSec;
    checks.push({ name: 'TARGET burst throughput >= 0.5 x echo', pass: ratio >= 0.5, detail: `${Math.round(tb.votesPerSec)} vs ${Math.round(eb.votesPerSec)} votes/s = ${ratio.toFixed(3)} x` });
  }
  const ts = find(tribune, 'spread');
  if (ts) checks.push({ name: 'TARGET spread ack p99 <= 100 ms', pass: ts.ack.p99 <= 100, detail: `p99 ${round1(ts.ack.p99)} ms` });
  if (tribune) {
    const ok = tribune.rounds.length > 0 && tribune.rounds.every(votesExact);
    checks.push({ name: 'TARGET zero lost / double-counted votes', pass: ok, detail: 'sent = acked = poll:close total = audit ballotRows (and per option), every round' });
  }
  return checks;
}

const ms = (v: number | null | undefined): string => (v === null || v === undefined || Number.isNaN(v) ? 'n/a' : round1(v).toFixed(1));
const mb = (kb: number): string => (Number.isNaN(kb) ? 'n/a' : (kb / 1024).toFixed(1));
// No ratio against a near-zero baseline: it would only be noise.
const ratio = (a: number, b: number | undefined): string => (b && b >= 0.5 && Number.isFinite(a / b) ? `${(a / b).toFixed(2)}x` : '');

export function renderTable(targets: TargetReport[]): string {
  const lines: string[] = [];
  const pad = (cells: string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(34) : c.padStart(16))).join('');
  for (const t of targets) {
    const n = t.connect.requested;
    lines.push(`\n== ${t.kind} (${Object.entries(t.info).map(([k, v]) => `${k}=${v}`).join(' ')}) ==`);
    lines.push(`  ready after ${ms(t.readyMs)} ms`);
    if (t.join) lines.push(`  REST joins: ${n + 1} in ${ms(t.join.ms)} ms (${Math.round(t.join.perSecond)}/s, ${t.join.retries} retries)`);
    lines.push(`  connect ${t.connect.connected}/${n} + snapshot: ${ms(t.connect.totalMs)} ms total, per socket p50 ${ms(t.connect.perSocket.p50)} p99 ${ms(t.connect.perSocket.p99)} max ${ms(t.connect.perSocket.max)} ms${t.connect.firstFailure ? `, first failure: ${t.connect.firstFailure}` : ''}`);
    const perUser = (t.rssKbAfterConnect - t.rssKbBeforeConnect) / Math.max(1, t.connect.connected);
    lines.push(`  server RSS: ${mb(t.rssKbBeforeConnect)} MB before connect, ${mb(t.rssKbAfterConnect)} MB after (${Number.isNaN(perUser) ? 'n/a' : perUser.toFixed(1)} kB per participant)`);
  }
  const echo = targets.find((t) => t.kind === 'echo');
  const trib = targets.find((t) => t.kind === 'tribune');
  const modes = [...new Set(targets.flatMap((t) => t.rounds.map((r) => r.mode)))];
  for (const mode of modes) {
    const e = representative(echo, mode);
    const r = representative(trib, mode);
    const runs = (t: TargetReport | undefined): number[] => (t?.rounds ?? []).filter((x) => x.mode === mode).map((x) => Math.round(x.votesPerSec));
    const repeated = Math.max(runs(echo).length, runs(trib).length);
    lines.push(`\n-- ${mode}${repeated > 1 ? ` (median of ${repeated} runs by throughput; votes/s of each run: echo ${runs(echo).join(', ') || '-'} | tribune ${runs(trib).join(', ') || '-'})` : ''} --`);
    lines.push(pad(['', 'echo', 'tribune', 'tribune/echo']));
    const row = (label: string, f: (x: RoundResult) => number | null, fmt: (v: number | null) => string = ms): void => {
      const ev = e ? f(e) : null;
      const rv = r ? f(r) : null;
      lines.push(pad([label, e ? fmt(ev) : '-', r ? fmt(rv) : '-', rv !== null && ev !== null ? ratio(rv, ev) : '']));
    };
    const int = (v: number | null): string => (v === null ? 'n/a' : String(Math.round(v)));
    row('votes acked', (x) => x.acked, int);
    row('errors (rejected + missing)', (x) => x.rejected + x.missing, int);
    row('throughput (votes/s)', (x) => x.votesPerSec, int);
    row('span first send -> last ack (ms)', (x) => x.spanMs);
    row('ack p50 (ms)', (x) => x.ack.p50);
    row('ack p95 (ms)', (x) => x.ack.p95);
    row('ack p99 (ms)', (x) => x.ack.p99);
    row('ack max (ms)', (x) => x.ack.max);
    row('poll:opened fan-out (ms)', (x) => x.openFanoutMs);
    row('last ack -> full tally (ms)', (x) => x.tally.broadcastLatencyMs);
    row('tallies seen by observer', (x) => x.tally.received, int);
    row('tally interval p50 (ms)', (x) => (x.tally.received > 1 ? x.tally.interval.p50 : null));
    row('tally interval max (ms)', (x) => (x.tally.received > 1 ? x.tally.interval.max : null));
    row('debate:events seen by observer', (x) => x.observerDebateEvents, int);
    row('client loop lag p99 (ms)', (x) => x.clientLoopLagMs.p99);
    row('client loop lag max (ms)', (x) => x.clientLoopLagMs.max);
    row('server RSS after votes (MB)', (x) => x.rssKbAfter / 1024);
    row('server CPU during votes (ms)', (x) => x.serverCpuMs, int);
  }
  return lines.join('\n');
}

function checkLine(c: Check): string {
  const verdict = c.pass ? 'PASS' : c.warnOnly ? 'WARN' : 'FAIL';
  return `${verdict}  ${c.group ? `${c.group}: ` : ''}${c.name}  (${c.detail})`;
}

export function renderChecks(checks: Check[]): string {
  const lines: string[] = [];
  const done = new Set<string>();
  for (const c of checks) {
    if (!c.group) {
      lines.push(checkLine(c));
      continue;
    }
    if (done.has(c.group)) continue;
    done.add(c.group);
    const group = checks.filter((x) => x.group === c.group);
    const shown = group.filter((x) => !x.pass);
    if (shown.every((x) => x.warnOnly)) {
      lines.push(`PASS  ${c.group}: all ${group.length - shown.length} round checks (opened everywhere, sent = acked = final tally${c.group.startsWith('tribune') ? ' = ballotRows, unique receipts, full tally seen' : ''}, no disconnect)`);
    }
    lines.push(...shown.map(checkLine));
  }
  return lines.join('\n');
}

export function writeJsonReport(dir: string, report: unknown): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `vote-storm-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify(report, null, 2));
  return file;
}
