// The registry with in-memory ports: concurrent callers share one load (one copy, one
// writer epoch); a copy whose epoch was taken over drops itself and the call runs again
// on a fresh copy instead of answering CONFLICT; an ended debate is unloaded and its
// lease released; the sweep adopts only debates that nobody owns; a keyed command whose
// forwarding timed out is sent again and the owner answers its first result.
import { describe, expect, it, vi } from 'vitest';
import { FakeClock } from '../../src/clock.ts';
import { AppError } from '../../src/errors.ts';
import { ModalitiesSchema } from '../../src/protocol/modalities.ts';
import type { Actor, DebateEvent } from '../../src/domain/types.ts';
import type { LiveDebateDeps } from '../../src/live/live-debate.ts';
import type { BallotBox, CommandRecord, EventDraftStamped, EventLog } from '../../src/live/ports.ts';
import type { RedisRpc, RpcHandler, RpcRequest } from '../../src/bus/rpc.ts';
import { DebateRegistry, type WriterFence } from '../../src/live/registry.ts';
import type { Ownership } from '../../src/bus/ownership.ts';
import { until } from '../helpers/until.ts';

class MemoryStore implements WriterFence {
  readonly events = new Map<string, DebateEvent[]>();
  /** Keyed commands' results, stored with their events as the event store does. */
  readonly commands = new Map<string, { fingerprint: string; result: unknown }>();
  readonly epochs = new Map<string, number>();
  loads = 0;
  async take(debateId: string) {
    const e = (this.epochs.get(debateId) ?? 0) + 1;
    this.epochs.set(debateId, e);
    return e;
  }
  async append(debateId: string, epoch: number, head: { seq: number }, drafts: EventDraftStamped[], command?: CommandRecord) {
    if (this.epochs.get(debateId) !== epoch) throw new AppError('NOT_OWNER', 'fenced');
    const log = this.events.get(debateId) ?? [];
    if ((log.at(-1)?.seq ?? 0) !== head.seq) throw new AppError('CONFLICT', 'seq moved');
    const out = drafts.map((d, i) => ({ ...d, debateId, seq: head.seq + i + 1, hash: `h${head.seq + i + 1}` }));
    log.push(...out);
    this.events.set(debateId, log);
    if (command) this.commands.set(`${debateId}/${command.commandId}`, { fingerprint: command.fingerprint, result: command.result(out) });
    return out;
  }
  async load(debateId: string, afterSeq = 0) {
    this.loads++;
    await new Promise((r) => setImmediate(r)); // a real round trip: concurrent callers overlap
    return (this.events.get(debateId) ?? []).filter((e) => e.seq > afterSeq);
  }
  /** The log as EventLog (unfenced appends are not used by the registry when a fence is given). */
  asLog(): EventLog {
    return {
      load: (id, a, l) => this.load(id, a),
      append: async () => Promise.reject(new Error('unfenced append')),
      findCommand: async (id, commandId) => this.commands.get(`${id}/${commandId}`) ?? null,
    };
  }
}

class MemoryOwnership implements Ownership {
  constructor(
    readonly nodeId = 'node-a',
    readonly holders = new Map<string, string>(),
  ) {}
  released: string[] = [];
  async tryAcquire(id: string) {
    const h = this.holders.get(id);
    if (h && h !== this.nodeId) return false;
    this.holders.set(id, this.nodeId);
    return true;
  }
  async owner(id: string) {
    return this.holders.get(id) ?? null;
  }
  holds(id: string) {
    return this.holders.get(id) === this.nodeId;
  }
  async owners(ids: readonly string[]) {
    return ids.map((id) => this.holders.get(id) ?? null);
  }
  async release(id: string) {
    this.released.push(id);
    if (this.holders.get(id) === this.nodeId) this.holders.delete(id);
  }
  onLost() {}
  async close() {}
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
const ADMIN: Actor = { kind: 'admin' };
const ANA: Actor = { kind: 'participant', id: 'ana', role: 'participant', name: 'Ana' };
const BOB: Actor = { kind: 'participant', id: 'bob', role: 'participant', name: 'Bob' };
const modalities = ModalitiesSchema.parse({
  format: 'online',
  scheduledStart: '2026-12-01T18:00:00Z',
  plannedDurationMinutes: 60,
  interventionModes: ['oral'],
});

/** A node: its registry and lease view; nodes given one store share the database. */
function setup(store = new MemoryStore()) {
  const ownership = new MemoryOwnership();
  const logger = { error: vi.fn(), warn: vi.fn(), debug: vi.fn() };
  const deps: LiveDebateDeps = {
    log: store.asLog(),
    ballots: noBallots,
    broadcaster: { event: () => {}, tally: () => {}, audience: () => 0 },
    clock: new FakeClock(),
    logger: logger as never,
    tallyIntervalMs: 250,
    listeners: [],
  };
  const registry = new DebateRegistry(deps, { ownership, fence: store, failoverMs: 2000 });
  return { store, ownership, registry, logger };
}

async function liveDebate(registry: DebateRegistry): Promise<string> {
  const d = await registry.create({ title: 'Budget', description: null, location: null, modalities }, ADMIN);
  await d.transition('announce', ADMIN);
  await d.transition('start', ADMIN);
  return d.id;
}

describe('DebateRegistry', () => {
  it('shares one load between concurrent callers (one copy, one epoch)', async () => {
    const { store, ownership, registry } = setup();
    const id = await liveDebate(registry);
    // Forget the copy, as after a restart: the next callers all arrive before the load ends.
    const other = setup();
    for (const [k, v] of store.events) other.store.events.set(k, v);
    other.store.epochs.set(id, store.epochs.get(id)!);
    void ownership;
    const views = await Promise.all(
      Array.from({ length: 20 }, async () => (await other.registry.handle(id)).view({ role: 'participant', participantId: 'ana' })),
    );
    expect(views.every((v) => v.state.debate.status === 'live')).toBe(true);
    expect(other.store.loads).toBe(1);
    expect(other.store.epochs.get(id)).toBe(store.epochs.get(id)! + 1);
    expect(other.registry.loadedCount()).toBe(1);
  });

  it('drops a copy whose epoch was taken over and runs the call on a fresh copy', async () => {
    const { store, registry, logger } = setup();
    const id = await liveDebate(registry);
    const handle = await registry.handle(id);
    await handle.execute('queue:raise', { mode: 'oral' }, ANA);
    // Node b took the debate over (this node's lease looked free to it) and appended; then
    // its lease ended. This node's copy still holds the older epoch.
    const b = setup(store);
    await (await b.registry.handle(id)).execute('queue:lower', {}, ANA);
    const theirs = store.epochs.get(id)!;
    const result = await handle.execute('queue:raise', { mode: 'oral' }, BOB);
    expect(result.events.map((e) => e.type)).toEqual(['queue:raised']);
    expect(store.events.get(id)!.map((e) => e.type).filter((t) => t.startsWith('queue:'))).toEqual(['queue:raised', 'queue:lowered', 'queue:raised']);
    const { state } = await handle.read();
    expect(state.turns.queue.map((q) => q.participantId)).toEqual(['bob']);
    expect(store.epochs.get(id)).toBe(theirs + 1);
    expect(logger.warn).toHaveBeenCalledWith(expect.objectContaining({ debateId: id }), 'dropping the local copy of a debate');
    expect(registry.loadedCount()).toBe(1);
  });

  it('answers UNAVAILABLE, not CONFLICT, while another node owns the debate it was fenced by', async () => {
    const { store, ownership, registry } = setup();
    const id = await liveDebate(registry);
    const handle = await registry.handle(id);
    await store.take(id);
    ownership.holders.set(id, 'node-b'); // node b owns it now, and no forwarding is wired here
    const err = await handle.execute('queue:raise', { mode: 'oral' }, ANA).catch((e: unknown) => e);
    expect((err as AppError).code).toBe('UNAVAILABLE');
    expect(registry.loadedCount()).toBe(0);
  });

  it('unloads an ended debate and releases its lease', async () => {
    const { ownership, registry } = setup();
    const id = await liveDebate(registry);
    expect(registry.loadedCount()).toBe(1);
    await (await registry.handle(id)).transition('end', ADMIN);
    await until('the ended debate to be unloaded', () => registry.loadedCount() === 0 && ownership.released.includes(id));
    expect(ownership.holders.has(id)).toBe(false);
  });

  it('sweeps in only the live debates that nobody owns', async () => {
    const { store, ownership, registry } = setup();
    const owned = await liveDebate(registry);
    const orphan = await liveDebate(registry);
    const theirs = await liveDebate(registry);
    const other = setup();
    for (const [k, v] of store.events) other.store.events.set(k, v);
    other.ownership.holders.set(owned, 'node-c');
    other.ownership.holders.set(theirs, 'node-c');
    void ownership;
    other.registry.startSweep(async () => [owned, orphan, theirs], 10);
    await until('the orphan to be adopted', () => other.registry.loadedCount() === 1);
    await other.registry.get(orphan);
    expect(other.store.epochs.has(owned)).toBe(false);
    expect(other.store.epochs.has(theirs)).toBe(false);
    await other.registry.close();
  });

  it('sends a keyed command again after an RPC timeout; the owner answers its first result', async () => {
    const store = new MemoryStore();
    const holders = new Map<string, string>();
    const handlers = new Map<string, RpcHandler>();
    const calls: RpcRequest[] = [];
    // The owner applies the first request but its answer comes too late (the caller's timeout).
    const rpc = (nodeId: string) =>
      ({
        serve: (h: RpcHandler) => void handlers.set(nodeId, h),
        call: async (to: string, req: RpcRequest) => {
          calls.push(req);
          const answer = await handlers.get(to)!(JSON.parse(JSON.stringify(req)));
          if (calls.length === 1) throw new AppError('UNAVAILABLE', 'no answer within 5000 ms', { reason: 'rpc_timeout' });
          return answer;
        },
      }) as unknown as RedisRpc;
    const node = (nodeId: string) => {
      const logger = { error: vi.fn(), warn: vi.fn(), debug: vi.fn() };
      const deps: LiveDebateDeps = {
        log: store.asLog(),
        ballots: noBallots,
        broadcaster: { event: () => {}, tally: () => {}, audience: () => 0 },
        clock: new FakeClock(),
        logger: logger as never,
        tallyIntervalMs: 250,
        listeners: [],
      };
      return new DebateRegistry(deps, { ownership: new MemoryOwnership(nodeId, holders), rpc: rpc(nodeId), fence: store, failoverMs: 2000 });
    };
    const a = node('node-a');
    const b = node('node-b');
    const id = await liveDebate(a);
    const onB = await b.handle(id);
    const first = await onB.execute('question:ask', { text: 'Combien ?' }, ANA, 'ask-timeout-01');
    expect(calls).toHaveLength(2);
    expect(calls[1]).toEqual(calls[0]);
    const asked = store.events.get(id)!.filter((e) => e.type === 'question:asked');
    expect(asked).toHaveLength(1);
    expect(first.questionId).toBe(asked[0]!.type === 'question:asked' ? asked[0]!.payload.question.id : null);
    // Unkeyed, a timeout is not sent again: UNAVAILABLE, never NOT_OWNER.
    calls.length = 0;
    const err = await onB.execute('question:ask', { text: 'Et sans clé ?' }, ANA).catch((e: unknown) => e);
    expect((err as AppError).code).toBe('UNAVAILABLE');
    expect(calls).toHaveLength(1);
    await a.close();
    await b.close();
  });
});
