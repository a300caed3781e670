// Lease rules of RedisOwnership with an in-memory lease store and a fake clock: a renewal
// that fails because Redis is away keeps the lease until it has really expired, measured
// by this node's clock from the start of the last renewal that succeeded; a lease held
// by another node is lost at once; an absent one is claimed again; Redis errors reach
// callers as UNAVAILABLE with a retry hint.
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/clock.ts';
import { isAppError } from '../../src/errors.ts';
import { RedisOwnership, type LeaseStore, type RenewOutcome } from '../../src/bus/ownership.ts';

class MemoryLeases implements LeaseStore {
  readonly keys = new Map<string, string>();
  down = false;
  /** Advance the clock this much while a renewal is in flight (a slow round trip). */
  renewLatencyMs = 0;
  constructor(private readonly clock: FakeClock) {}
  private check(): void {
    if (this.down) throw new Error('connect ECONNREFUSED 127.0.0.1:6379');
  }
  async setIfAbsent(key: string, nodeId: string) {
    this.check();
    if (this.keys.has(key)) return false;
    this.keys.set(key, nodeId);
    return true;
  }
  async renew(key: string, nodeId: string): Promise<RenewOutcome> {
    this.check();
    this.clock.advance(this.renewLatencyMs);
    const v = this.keys.get(key);
    if (v === nodeId) return 'renewed';
    if (v === undefined) {
      this.keys.set(key, nodeId);
      return 'claimed';
    }
    return 'taken';
  }
  async get(key: string) {
    this.check();
    return this.keys.get(key) ?? null;
  }
  async getMany(keys: readonly string[]) {
    this.check();
    return keys.map((k) => this.keys.get(k) ?? null);
  }
  async release(key: string, nodeId: string) {
    this.check();
    if (this.keys.get(key) === nodeId) this.keys.delete(key);
  }
}

const TTL = 3000;

function setup() {
  const clock = new FakeClock();
  const store = new MemoryLeases(clock);
  const lost: string[] = [];
  const ownership = new RedisOwnership(store, 'node-a', 'p', TTL, { clock, autoRenew: false });
  ownership.onLost((id) => lost.push(id));
  return { clock, store, ownership, lost };
}

describe('RedisOwnership', () => {
  it('keeps a lease through a Redis outage shorter than the lease', async () => {
    const { clock, store, ownership, lost } = setup();
    expect(await ownership.tryAcquire('d1')).toBe(true);
    store.down = true;
    for (const step of [1000, 1000, 500]) {
      clock.advance(step); // renewals at +1 s, +2 s, +2.5 s all fail
      await ownership.renewAll();
    }
    expect(lost).toEqual([]);
    expect(ownership.holds('d1')).toBe(true);
    store.down = false;
    clock.advance(400);
    await ownership.renewAll();
    expect(lost).toEqual([]);
    // Renewed at +2.9 s: valid until +5.9 s by this clock.
    store.down = true;
    clock.advance(2999);
    await ownership.renewAll();
    expect(lost).toEqual([]);
  });

  it('loses a lease once it has expired by its own clock while Redis stays away', async () => {
    const { clock, store, ownership, lost } = setup();
    await ownership.tryAcquire('d1');
    store.down = true;
    clock.advance(2999);
    await ownership.renewAll();
    expect(lost).toEqual([]);
    clock.advance(1);
    await ownership.renewAll();
    expect(lost).toEqual(['d1']);
    expect(ownership.holds('d1')).toBe(false);
    clock.advance(1000);
    await ownership.renewAll();
    expect(lost).toEqual(['d1']); // reported once
  });

  it('measures the lease from the start of the renewal, not from its answer', async () => {
    const { clock, store, ownership, lost } = setup();
    await ownership.tryAcquire('d1');
    clock.advance(1000);
    store.renewLatencyMs = 800; // sent at +1 s, answered at +1.8 s: valid until +4 s
    await ownership.renewAll();
    store.renewLatencyMs = 0;
    store.down = true;
    clock.advance(2199); // +3.999 s
    await ownership.renewAll();
    expect(lost).toEqual([]);
    clock.advance(1); // +4 s
    await ownership.renewAll();
    expect(lost).toEqual(['d1']);
  });

  it('loses a lease at once when another node holds it', async () => {
    const { store, ownership, lost } = setup();
    await ownership.tryAcquire('d1');
    store.keys.set('p:owner:d1', 'node-b');
    await ownership.renewAll();
    expect(lost).toEqual(['d1']);
  });

  it('claims an absent lease again (a Redis restarted without its data)', async () => {
    const { store, ownership, lost } = setup();
    await ownership.tryAcquire('d1');
    store.keys.clear();
    await ownership.renewAll();
    expect(lost).toEqual([]);
    expect(store.keys.get('p:owner:d1')).toBe('node-a');
  });

  it('answers UNAVAILABLE with a retry hint while Redis is away, never a raw error', async () => {
    const { store, ownership } = setup();
    store.down = true;
    for (const call of [() => ownership.owner('d1'), () => ownership.tryAcquire('d1'), () => ownership.owners(['d1'])]) {
      const err = await call().catch((e: unknown) => e);
      expect(isAppError(err) && err.code).toBe('UNAVAILABLE');
      expect((err as { details: { retryAfterMs: number } }).details.retryAfterMs).toBeGreaterThan(0);
    }
  });

  it('tells who holds many leases in one call and releases only its own', async () => {
    const { store, ownership } = setup();
    await ownership.tryAcquire('d1');
    store.keys.set('p:owner:d2', 'node-b');
    expect(await ownership.owners(['d1', 'd2', 'd3'])).toEqual(['node-a', 'node-b', null]);
    await ownership.release('d2');
    expect(store.keys.get('p:owner:d2')).toBe('node-b');
    await ownership.release('d1');
    expect(store.keys.has('p:owner:d1')).toBe(false);
    expect(await ownership.tryAcquire('d2')).toBe(false);
  });
});
