// The application layer with in-memory ports and a fake clock: events are durable
// before they are applied or broadcast, a failed append changes nothing, commands are
// serialized, and timers fire from server timestamps.
import { describe, expect, it, vi } from 'vitest';
import { FakeClock } from '../../src/clock.ts';
import { AppError } from '../../src/errors.ts';
import { ModalitiesSchema } from '../../src/protocol/modalities.ts';
import { createdDraft } from '../../src/domain/lifecycle.ts';
import type { Actor, DebateEvent } from '../../src/domain/types.ts';
import { LiveDebate, type LiveDebateDeps } from '../../src/live/live-debate.ts';
import { IDLE_RECOUNT_MS } from '../../src/live/poll-desk.ts';
import type { BallotBox, CommandRecord, EventDraftStamped, EventLog } from '../../src/live/ports.ts';

class MemoryLog implements EventLog {
  events: DebateEvent[] = [];
  failNext = false;
  readonly commands = new Map<string, { fingerprint: string; result: unknown }>();
  async append(debateId: string, head: { seq: number; hash: string }, drafts: EventDraftStamped[], opts: { command?: CommandRecord } = {}) {
    if (this.failNext) {
      this.failNext = false;
      throw new AppError('UNAVAILABLE', 'database down');
    }
    const last = this.events.at(-1);
    if ((last?.seq ?? 0) !== head.seq) throw new AppError('CONFLICT', 'seq moved');
    const out = drafts.map((d, i) => ({ ...d, debateId, seq: head.seq + i + 1, hash: `h${head.seq + i + 1}` }));
    this.events.push(...out);
    // Stored with the events, as the event store does in their transaction.
    if (opts.command) this.commands.set(opts.command.commandId, { fingerprint: opts.command.fingerprint, result: opts.command.result(out) });
    return out;
  }
  async load(_id: string, afterSeq = 0) {
    return this.events.filter((e) => e.seq > afterSeq);
  }
  async findCommand(_id: string, commandId: string) {
    return this.commands.get(commandId) ?? null;
  }
}

const noBallots: BallotBox = {
  submit: async () => ({ receipt: 'r', version: 1 }),
  flush: async () => {},
  count: async () => ({ total: 0, byChoice: {} }),
  load: async () => [],
  digest: async () => '',
  closeGate: async () => {},
  poll: async () => null,
  mine: async () => ({}),
};

const MOD: Actor = { kind: 'participant', id: 'mod', role: 'moderator', name: 'Modératrice' };
const ANA: Actor = { kind: 'participant', id: 'ana', role: 'participant', name: 'Ana' };

async function setup() {
  const clock = new FakeClock();
  const log = new MemoryLog();
  const broadcast: DebateEvent[] = [];
  const deps: LiveDebateDeps = {
    log,
    ballots: noBallots,
    broadcaster: { event: (e) => broadcast.push(e), tally: () => {}, audience: () => 0 },
    clock,
    logger: { error: vi.fn(), warn: vi.fn() } as never,
    tallyIntervalMs: 250,
    listeners: [],
  };
  const modalities = ModalitiesSchema.parse({
    format: 'online',
    scheduledStart: '2026-12-01T18:00:00Z',
    plannedDurationMinutes: 60,
    interventionModes: ['oral'],
    turn: { defaultSeconds: 30, warningSeconds: [10], expiry: 'hard' },
  });
  const debate = await LiveDebate.create(
    'deb1',
    createdDraft({ debateId: 'deb1', title: 'Test', description: null, location: null, modalities }),
    { kind: 'admin' },
    deps,
  );
  await debate.transition('announce', { kind: 'admin' });
  await debate.transition('start', { kind: 'admin' });
  return { clock, log, broadcast, debate, deps };
}

describe('LiveDebate', () => {
  it('appends before applying and broadcasting, in seq order', async () => {
    const { log, broadcast, debate } = await setup();
    await debate.execute('queue:raise', { mode: 'oral' }, ANA);
    expect(debate.state.seq).toBe(log.events.length);
    // debate:created (seq 1) is written before anyone can be connected; the rest is broadcast.
    expect(broadcast.map((e) => e.seq)).toEqual(log.events.slice(1).map((e) => e.seq));
    expect(debate.state.turns.queue.map((q) => q.participantId)).toEqual(['ana']);
  });

  it('a failed append changes neither the state nor the clients', async () => {
    const { log, broadcast, debate } = await setup();
    const seq = debate.state.seq;
    log.failNext = true;
    await expect(debate.execute('queue:raise', { mode: 'oral' }, ANA)).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    expect(debate.state.seq).toBe(seq);
    expect(debate.state.turns.queue).toHaveLength(0);
    expect(broadcast.at(-1)?.seq).toBe(seq);
    // and the next command works
    await debate.execute('queue:raise', { mode: 'oral' }, ANA);
    expect(debate.state.turns.queue).toHaveLength(1);
  });

  it('a command sent again with its idempotency key returns its first result and appends nothing', async () => {
    const { log, debate } = await setup();
    const asked = { text: 'Une question ?' };
    const first = await debate.execute('question:ask', asked, ANA, 'key-ask-0001');
    const seq = log.events.length;
    const again = await debate.execute('question:ask', asked, ANA, 'key-ask-0001');
    expect(again).toEqual(first);
    expect(log.events.length).toBe(seq);
    expect(Object.keys(debate.state.questions.questions)).toEqual([first.questionId]);
    // Concurrent copies of one keyed command: one runs, the other gets its result.
    const [a, b] = await Promise.all([
      debate.execute('question:ask', { text: 'Une autre ?' }, ANA, 'key-ask-0002'),
      debate.execute('question:ask', { text: 'Une autre ?' }, ANA, 'key-ask-0002'),
    ]);
    expect(b).toEqual(a);
    expect(Object.keys(debate.state.questions.questions)).toHaveLength(2);
  });

  it('the same key with another command is IDEMPOTENCY_KEY_REUSED, and a keyed failure can be retried', async () => {
    const { log, debate } = await setup();
    await debate.execute('question:ask', { text: 'Première ?' }, ANA, 'key-reuse-01');
    await expect(debate.execute('question:ask', { text: 'Autre texte ?' }, ANA, 'key-reuse-01')).rejects.toMatchObject({
      code: 'IDEMPOTENCY_KEY_REUSED',
    });
    await expect(debate.execute('question:ask', { text: 'Première ?' }, MOD, 'key-reuse-01')).rejects.toMatchObject({
      code: 'IDEMPOTENCY_KEY_REUSED',
    });
    // Nothing stored for a command whose append failed: its retry runs.
    log.failNext = true;
    await expect(debate.execute('queue:raise', { mode: 'oral' }, ANA, 'key-raise-01')).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    const retried = await debate.execute('queue:raise', { mode: 'oral' }, ANA, 'key-raise-01');
    expect(retried.events.map((e) => e.type)).toEqual(['queue:raised']);
    expect(debate.state.turns.queue).toHaveLength(1);
  });

  it('a keyed transition stores the result of the whole command (floor ended first)', async () => {
    const { debate } = await setup();
    await debate.execute('queue:raise', { mode: 'oral' }, ANA);
    await debate.execute('floor:grant', {}, MOD);
    const ended = await debate.transition('end', MOD, 'key-end-0001');
    expect(ended.events.map((e) => e.type)).toEqual(['floor:ended', 'debate:ended']);
    expect(await debate.transition('end', MOD, 'key-end-0001')).toEqual(ended);
  });

  it('serializes concurrent commands: exactly one of two raises wins', async () => {
    const { debate } = await setup();
    const results = await Promise.allSettled([
      debate.execute('queue:raise', { mode: 'oral' }, ANA),
      debate.execute('queue:raise', { mode: 'oral' }, ANA),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason.code).toBe('ALREADY_IN_QUEUE');
  });

  it('fires warnings and the hard expiry from the deadline, then rebuilds identically', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const { clock, log, debate, deps } = await setup();
      await debate.execute('queue:raise', { mode: 'oral' }, ANA);
      await debate.execute('floor:grant', {}, MOD);
      clock.advance(20_000);
      await vi.advanceTimersByTimeAsync(20_000);
      expect(log.events.map((e) => e.type)).toContain('floor:warning');
      clock.advance(10_000);
      await vi.advanceTimersByTimeAsync(10_000);
      const expired = log.events.find((e) => e.type === 'floor:expired');
      expect(expired?.payload).toMatchObject({ spokenMs: 30_000 });
      expect(debate.state.turns.floor).toBeNull();
      await debate.close();
      const rebuilt = await LiveDebate.load('deb1', deps);
      expect(rebuilt!.state).toEqual(debate.state);
      await rebuilt!.close();
    } finally {
      vi.useRealTimers();
    }
  });

  it('ending the debate ends the floor first, with an explicit floor:ended', async () => {
    const { log, debate } = await setup();
    await debate.execute('queue:raise', { mode: 'oral' }, ANA);
    await debate.execute('floor:grant', {}, MOD);
    await debate.transition('end', MOD);
    const types = log.events.map((e) => e.type);
    expect(types.slice(-2)).toEqual(['floor:ended', 'debate:ended']);
    expect(log.events.at(-2)!.payload).toMatchObject({ reason: 'debate_ended' });
    await expect(debate.transition('end', MOD)).rejects.toMatchObject({ code: 'ILLEGAL_TRANSITION' });
  });
});

describe('live tallies', () => {
  it('recount the rows one interval after a ballot stored here, send only what changed', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    try {
      const { debate, deps } = await setup();
      // The ballots table as rows: other nodes may write them too, the owner only counts.
      const rows = new Map<string, number[]>();
      deps.ballots = {
        ...deps.ballots,
        count: async () => {
          const byChoice: Record<number, number> = {};
          for (const c of rows.values()) for (const i of c) byChoice[i] = (byChoice[i] ?? 0) + 1;
          return { total: rows.size, byChoice };
        },
      };
      const sent: { at: number; total: number }[] = [];
      deps.broadcaster.tally = (_d, _p, results) => void sent.push({ at: Date.now(), total: results.totalBallots });
      const created = await debate.execute(
        'poll:create',
        { question: 'Piétonniser ?', kind: 'single', options: ['Oui', 'Non'], anonymous: true, visibility: 'live', autoCloseSeconds: null, openNow: true },
        MOD,
      );
      const { pollId } = created as { pollId: string };
      const storedHere = (voter: string, choices: number[]) => {
        rows.set(voter, choices);
        debate.polls.ballotStored(pollId!);
      };
      const t0 = Date.now();
      storedHere('v1', [0]);
      await vi.advanceTimersByTimeAsync(249);
      expect(sent).toEqual([]); // not at once: the first ballot of a storm alone is not worth a fan-out
      storedHere('v2', [1]);
      await vi.advanceTimersByTimeAsync(1);
      expect(sent).toEqual([{ at: t0 + 250, total: 2 }]);
      await vi.advanceTimersByTimeAsync(3000);
      expect(sent).toHaveLength(1); // recounted while idle, nothing new, nothing sent
      // Rows another node stored reach the tally within the idle recount.
      rows.set('v3', [0]);
      rows.set('v4', [0]);
      await vi.advanceTimersByTimeAsync(IDLE_RECOUNT_MS);
      expect(sent.map((s) => s.total)).toEqual([2, 4]);
      expect(debate.polls.tallies()[pollId!]).toMatchObject({ counts: [3, 1], totalBallots: 4 });
      await debate.close();
    } finally {
      vi.useRealTimers();
    }
  });
});
