// One vote round of the benchmark against a connected target (Tribune or the echo
// baseline): the moderator opens a poll, every participant votes once (all at the same
// moment, or paced at a rate), then the poll is closed and every count is collected.
// Timing uses performance.now(); per-vote data lives in typed arrays to stay cheap.
import type { Socket } from 'socket.io-client';
import type { ClientPool } from './clients.ts';
import type { PollAudit } from './rest.ts';
import type { ChildServer } from './server-process.ts';
import { startLagProbe } from './lag-probe.ts';
import { intervals, summarize, type LatencySummary } from './stats.ts';

export type Mode = 'burst' | 'spread';

export const OPTIONS = ['Oui', 'Non', 'Abstention'] as const;

export interface Target {
  kind: 'tribune' | 'echo';
  server: ChildServer;
  moderator: Socket;
  observer: Socket;
  pool: ClientPool;
  /** Database audit of a poll; null for the echo baseline. */
  audit: ((pollId: string) => Promise<PollAudit>) | null;
}

export interface RoundOptions {
  mode: Mode;
  /** Name of this round in reports, e.g. 'burst#2'. */
  label: string;
  /** Votes per second in spread mode. */
  rate: number;
  ackTimeoutMs: number;
  tallyTimeoutMs: number;
}

type Ack<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string } };
type Results = { counts: number[]; totalBallots: number };

export interface RoundResult {
  mode: Mode;
  label: string;
  pollId: string;
  participants: number;
  sent: number;
  acked: number;
  rejected: number;
  missing: number;
  errorCodes: Record<string, number>;
  uniqueReceipts: number;
  spanMs: number;
  votesPerSec: number;
  ack: LatencySummary;
  /** From poll:create sent to the last participant seeing poll:opened. */
  openFanoutMs: number | null;
  openedSeen: number;
  tally: {
    received: number;
    interval: LatencySummary;
    lastTotal: number | null;
    /** From the last vote ack to the first tally showing every acked ballot. */
    broadcastLatencyMs: number | null;
  };
  observerDebateEvents: number;
  /** Event-loop lag of this (client) process while votes flowed: client-side share of latency. */
  clientLoopLagMs: LatencySummary;
  rssKbBefore: number;
  rssKbAfter: number;
  serverCpuMs: number;
  expectedCounts: number[];
  /** Final results: from the poll:close ack, else from the poll:closed event (see closeSource). */
  closeResults: Results | null;
  /** Where closeResults came from; 'event' means the ack lacked `results` (protocol gap). */
  closeSource: 'ack' | 'event' | null;
  closeError: string | null;
  audit: PollAudit | null;
  auditError: string | null;
  unexpectedDisconnects: number;
}

async function moderatorCall<T>(socket: Socket, event: string, payload: unknown): Promise<T> {
  const ack = (await socket.timeout(15_000).emitWithAck(event, payload)) as Ack<T>;
  if (!ack || ack.ok !== true) {
    throw new Error(`${event} refused: ${JSON.stringify(ack)}`);
  }
  return ack.data;
}

export async function runRound(target: Target, opts: RoundOptions): Promise<RoundResult> {
  const { pool, moderator, observer, server } = target;
  const n = pool.size;
  const tallies: { at: number; total: number }[] = [];
  let observerDebateEvents = 0;
  let pollId = '';
  const onTally = (msg: { pollId?: string; results?: Results }): void => {
    if (msg?.pollId === pollId && msg.results) tallies.push({ at: performance.now(), total: msg.results.totalBallots });
  };
  let closedEventResults: Results | null = null;
  const onEvent = (e: { type?: string; payload?: { pollId?: string; results?: Results } }): void => {
    observerDebateEvents++;
    if (e?.type === 'poll:closed' && e.payload?.pollId === pollId && e.payload.results) closedEventResults = e.payload.results;
  };
  observer.on('poll:tally', onTally);
  observer.on('debate:event', onEvent);

  const createdAt = performance.now();
  const created = await moderatorCall<{ pollId: string }>(moderator, 'poll:create', {
    question: `Vote storm (${opts.label})`,
    kind: 'single',
    options: [...OPTIONS],
    anonymous: true,
    visibility: 'live',
    autoCloseSeconds: null,
    openNow: true,
  });
  pollId = created.pollId;
  const opened = await pool.waitAllOpened(pollId, 15_000);

  const rssKbBefore = server.rssKb();
  const cpuBefore = server.cpuMs();
  const sentAt = new Float64Array(n);
  const latency = new Float64Array(n).fill(Number.NaN);
  const expectedCounts = OPTIONS.map(() => 0);
  const errorCodes: Record<string, number> = {};
  const receipts = new Set<string>();
  let sent = 0;
  let acked = 0;
  let rejected = 0;
  let lastAckAt = 0;
  let allAnswered: (() => void) | null = null;
  const answered = new Promise<void>((res) => (allAnswered = res));

  const send = (i: number): void => {
    const choice = i % OPTIONS.length;
    expectedCounts[choice]!++;
    sentAt[i] = performance.now();
    sent++;
    pool.sockets[i]!.emit('poll:vote', { pollId, choices: [choice] }, (ack: Ack<{ receipt: string }>) => {
      const now = performance.now();
      latency[i] = now - sentAt[i]!;
      lastAckAt = now;
      if (ack?.ok === true) {
        acked++;
        receipts.add(ack.data.receipt);
      } else {
        rejected++;
        const code = ack?.ok === false ? ack.error.code : 'MALFORMED_ACK';
        errorCodes[code] = (errorCodes[code] ?? 0) + 1;
      }
      if (acked + rejected === n) allAnswered?.();
    });
  };

  const lag = startLagProbe();
  const firstSendAt = performance.now();
  if (opts.mode === 'burst') {
    for (let i = 0; i < n; i++) send(i);
  } else {
    await new Promise<void>((res) => {
      const timer = setInterval(() => {
        const due = Math.min(n, Math.floor(((performance.now() - firstSendAt) * opts.rate) / 1000));
        while (sent < due) send(sent);
        if (sent === n) {
          clearInterval(timer);
          res();
        }
      }, 5);
    });
  }
  let ackTimer: NodeJS.Timeout | undefined;
  await Promise.race([answered, new Promise<void>((res) => (ackTimer = setTimeout(res, opts.ackTimeoutMs)))]);
  clearTimeout(ackTimer);
  const clientLoopLagMs = lag.stop();

  const broadcastLatencyMs = await waitFullTally(tallies, acked, lastAckAt, opts.tallyTimeoutMs);
  const rssKbAfter = server.rssKb();
  const serverCpuMs = server.cpuMs() - cpuBefore;
  const spanMs = lastAckAt - firstSendAt;
  const latencies = Array.from(latency).filter((v) => !Number.isNaN(v));

  let closeResults: Results | null = null;
  let closeSource: RoundResult['closeSource'] = null;
  let closeError: string | null = null;
  try {
    const closed = await moderatorCall<{ results?: Results }>(moderator, 'poll:close', { pollId });
    if (closed?.results) {
      closeResults = closed.results;
      closeSource = 'ack';
    } else {
      // The observer gets poll:closed right after the ack (or before it): wait briefly.
      for (let i = 0; i < 100 && !closedEventResults; i++) await new Promise((res) => setTimeout(res, 20));
      closeResults = closedEventResults;
      closeSource = closedEventResults ? 'event' : null;
      if (!closeResults) closeError = `poll:close ack has no results (${JSON.stringify(closed).slice(0, 200)}) and no poll:closed event with results`;
    }
  } catch (err) {
    closeError = (err as Error).message;
  }
  let audit: PollAudit | null = null;
  let auditError: string | null = null;
  if (target.audit) {
    try {
      audit = await target.audit(pollId);
    } catch (err) {
      auditError = (err as Error).message;
    }
  }
  observer.off('poll:tally', onTally);
  observer.off('debate:event', onEvent);

  return {
    mode: opts.mode,
    label: opts.label,
    pollId,
    participants: n,
    sent,
    acked,
    rejected,
    missing: sent - acked - rejected,
    errorCodes,
    uniqueReceipts: receipts.size,
    spanMs,
    votesPerSec: spanMs > 0 ? (acked * 1000) / spanMs : 0,
    ack: summarize(latencies),
    openFanoutMs: opened.lastAt === null ? null : opened.lastAt - createdAt,
    openedSeen: opened.seen,
    tally: {
      received: tallies.length,
      interval: intervals(tallies.map((t) => t.at)),
      lastTotal: tallies.length ? tallies[tallies.length - 1]!.total : null,
      broadcastLatencyMs,
    },
    observerDebateEvents,
    clientLoopLagMs,
    rssKbBefore,
    rssKbAfter,
    serverCpuMs,
    expectedCounts,
    closeResults,
    closeSource,
    closeError,
    audit,
    auditError,
    unexpectedDisconnects: pool.unexpectedDisconnects,
  };
}

/** Wait (bounded) for a tally counting `total` ballots; ms from `lastAckAt`, or null. */
async function waitFullTally(
  tallies: readonly { at: number; total: number }[],
  total: number,
  lastAckAt: number,
  timeoutMs: number,
): Promise<number | null> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const hit = tallies.find((t) => t.total >= total);
    // A tally can land before the last ack is processed here: that counts as 0 ms.
    if (hit) return Math.max(0, hit.at - lastAckAt);
    if (performance.now() > deadline) return null;
    await new Promise((res) => setTimeout(res, 5));
  }
}
