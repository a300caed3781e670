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
import { until } from '../helpers/until.ts';
import type { BallotBox, CommandRecord, EventDraftStamped, EventLog, NodeLiveness, PresenceProbe } from '../../src/live/ports.ts';

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

async function setup(extra: Partial<LiveDebateDeps> = {}, clock = new FakeClock()) {
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
    ...extra,
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

/** Node heartbeats on the fake clock: a node is alive while its last beat is younger than the TTL. */
class MemoryHeartbeats implements NodeLiveness {
  readonly beats = new Map<string, number>();
  constructor(
    private readonly clock: FakeClock,
    private readonly ttlMs: number,
  ) {}
  beat(...nodes: string[]) {
    for (const n of nodes) this.beats.set(n, this.clock.now());
  }
  async alive(ids: readonly string[]) {
    const alive = new Map<string, number>();
    for (const id of ids) {
      const beat = this.beats.get(id);
      if (beat !== undefined && this.clock.now() - beat < this.ttlMs) alive.set(id, beat);
    }
    return alive;
  }
}

/** Sockets per participant and node; a dead node's sockets vanish from every count. */
class MemorySockets implements PresenceProbe {
  readonly where = new Map<string, Set<string>>();
  failNext = false;
  put(participantId: string, ...nodes: string[]) {
    this.where.set(participantId, new Set(nodes));
  }
  killNode(node: string) {
    for (const nodes of this.where.values()) nodes.delete(node);
  }
  async connected(_debateId: string, ids: readonly string[]) {
    if (this.failNext) {
      this.failNext = false;
      throw new Error('timeout reached: only 1 responses received out of 2');
    }
    return new Map([...this.where].filter(([id, nodes]) => ids.includes(id) && nodes.size > 0));
  }
}

describe('presence after a node dies', () => {
  const TTL = 5_000;
  const GRACE = 10_000;
  async function cluster() {
    const clock = new FakeClock();
    const hearts = new MemoryHeartbeats(clock, TTL);
    const sockets = new MemorySockets();
    const { debate, broadcast } = await setup({ presence: sockets, nodes: hearts, presenceGraceMs: GRACE }, clock);
    return { clock, hearts, sockets, debate, broadcast };
  }
  const changes = (broadcast: DebateEvent[]) =>
    broadcast.filter((e) => e.type === 'presence:changed').flatMap((e) => (e.payload as { changes: unknown[] }).changes);

  it("marks away, after the heartbeat's TTL, whoever was only on the dead node, since its last heartbeat", async () => {
    const { clock, hearts, sockets, debate, broadcast } = await cluster();
    const t0 = clock.now();
    hearts.beat('A', 'B');
    sockets.put('ana', 'B');
    sockets.put('bob', 'A', 'B');
    await Promise.all([debate.presence('ana', 'Ana', 'participant'), debate.presence('bob', 'Bob', 'participant')]);
    expect(debate.state.turns.presence.ana).toMatchObject({ connected: true });
    await debate.execute('queue:raise', { mode: 'oral' }, ANA);
    await debate.execute('queue:raise', { mode: 'oral' }, { kind: 'participant', id: 'bob', role: 'participant', name: 'Bob' });

    // B beats at t0 + 2 s, then dies (kill -9: no disconnection reaches anyone).
    clock.advance(2_000);
    hearts.beat('A', 'B');
    const lastBeat = clock.now();
    clock.advance(1_000);
    sockets.killNode('B');
    // Within the TTL nothing is decided: B may be slow, not dead.
    clock.advance(1_000);
    hearts.beat('A');
    const before = broadcast.length;
    await debate.sweepPresence();
    expect(broadcast.length).toBe(before);
    expect(debate.state.turns.presence.ana!.connected).toBe(true);

    // Past the TTL: Ana, on B only, is away since B's last heartbeat; Bob, also on A, stays.
    clock.advance(TTL);
    hearts.beat('A');
    await debate.sweepPresence();
    expect(changes(broadcast.slice(before))).toEqual([{ participantId: 'ana', name: 'Ana', role: 'participant', connected: false, since: lastBeat }]);
    expect(debate.state.turns.presence.bob!.connected).toBe(true);
    expect(lastBeat - t0).toBe(2_000);
    // Once; a later sweep has nothing more to say.
    const after = broadcast.length;
    await debate.sweepPresence();
    expect(broadcast.length).toBe(after);

    // "next" passes over her once she has been away longer than the grace, counted from then.
    clock.advance(GRACE - (clock.now() - lastBeat) + 1);
    const granted = await debate.execute('floor:grant', {}, MOD);
    expect(granted.events.map((e) => e.type)).toEqual(['queue:skipped', 'floor:granted']);
    expect(debate.state.turns.floor?.participantId).toBe('bob');
  });

  it('someone whose socket on a live node was counted stays present; a count that fails is tried again', async () => {
    const { clock, hearts, sockets, debate, broadcast } = await cluster();
    hearts.beat('A', 'B');
    sockets.put('ana', 'B');
    sockets.put('carl', 'B');
    await Promise.all([debate.presence('ana', 'Ana', 'participant'), debate.presence('carl', 'Carl', 'participant')]);
    // B dies; Carl's page reconnects to A at once, and its report is counted.
    sockets.killNode('B');
    sockets.put('carl', 'A');
    await debate.presence('carl', 'Carl', 'participant');
    clock.advance(TTL + 1);
    hearts.beat('A');
    await debate.sweepPresence();
    expect(changes(broadcast).filter((c: any) => !c.connected).map((c: any) => c.participantId)).toEqual(['ana']);
    expect(debate.state.turns.presence.carl!.connected).toBe(true);
    // Carl is known on A now: A's death is noticed too.
    clock.advance(TTL + 1);
    sockets.killNode('A');
    await debate.sweepPresence();
    expect(debate.state.turns.presence.carl!.connected).toBe(false);

    // A count that fails (the adapter still waits for a dead node) is not lost: it is tried again.
    hearts.beat('A');
    sockets.put('dan', 'A');
    sockets.failNext = true;
    await expect(debate.presence('dan', 'Dan', 'participant')).rejects.toThrow(/timeout/);
    expect(debate.state.turns.presence.dan).toBeUndefined();
    await until('the count tried again', async () => debate.state.turns.presence.dan?.connected === true);
  });

  it('a node that beats again (frozen, not dead) gets its people recounted: present if their sockets are still there', async () => {
    const { clock, hearts, sockets, debate } = await cluster();
    hearts.beat('A', 'B');
    sockets.put('ana', 'B');
    await debate.presence('ana', 'Ana', 'participant');
    // B freezes past the TTL: Ana is recorded away.
    clock.advance(TTL + 1);
    hearts.beat('A');
    await debate.sweepPresence();
    expect(debate.state.turns.presence.ana!.connected).toBe(false);
    // B thaws with her socket still open, and beats again: the next sweep recounts her.
    hearts.beat('A', 'B');
    await debate.sweepPresence();
    await until('Ana counted present again', async () => debate.state.turns.presence.ana?.connected === true);
  });
});
