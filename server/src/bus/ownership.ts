// Who owns a live debate. One node holds the authoritative state of a debate; with Redis
// the owner holds a renewable lease (SET NX PX, renewed by compare-and-pexpire). The lease
// only says where a debate lives: the writer epoch in PostgreSQL (db/writer-fence.ts)
// is what keeps a node that lost it from appending. Single node: this process owns all.
//
// A renewal that fails because Redis does not answer is not a lost lease: the lease is
// still ours until it has really expired, by this node's own clock measured from the
// start of the last renewal that succeeded (Redis measures from when it received it,
// later). Only a lease held by another node, or one past that instant, is lost. A lease
// found absent (a Redis restarted without its data) is claimed again: the fence keeps
// that safe if another node took the debate meanwhile.
import type { Redis } from 'ioredis';
import { AppError } from '../errors.ts';
import { systemClock, type Clock } from '../clock.ts';

export interface Ownership {
  readonly nodeId: string;
  /** Take (or keep) the lease of a debate; true when this node owns it now. */
  tryAcquire(debateId: string): Promise<boolean>;
  /** The node id holding the lease, or null. */
  owner(debateId: string): Promise<string | null>;
  /** Still held by this node as far as it knows (no I/O): not lost, not expired by its clock. */
  holds(debateId: string): boolean;
  /** The holders of many leases in one round trip (null: free). */
  owners(debateIds: readonly string[]): Promise<(string | null)[]>;
  release(debateId: string): Promise<void>;
  /** Called when a lease this node held is lost (held by another node, or expired). */
  onLost(listener: (debateId: string) => void): void;
  close(): Promise<void>;
}

export class LocalOwnership implements Ownership {
  readonly nodeId = 'local';
  async tryAcquire(): Promise<boolean> {
    return true;
  }
  async owner(): Promise<string> {
    return this.nodeId;
  }
  holds(): boolean {
    return true;
  }
  async owners(debateIds: readonly string[]): Promise<string[]> {
    return debateIds.map(() => this.nodeId);
  }
  async release(): Promise<void> {}
  onLost(): void {}
  async close(): Promise<void> {}
}

/** Outcome of one renewal: renewed, re-claimed (the key was absent), or held by another node. */
export type RenewOutcome = 'renewed' | 'claimed' | 'taken';

/** The lease commands ownership needs, so the rules can be tested without Redis. */
export interface LeaseStore {
  setIfAbsent(key: string, nodeId: string, ttlMs: number): Promise<boolean>;
  renew(key: string, nodeId: string, ttlMs: number): Promise<RenewOutcome>;
  get(key: string): Promise<string | null>;
  getMany(keys: readonly string[]): Promise<(string | null)[]>;
  /** Delete only if still held by nodeId. */
  release(key: string, nodeId: string): Promise<void>;
}

// 1: renewed, 2: absent and claimed again, 0: held by another node.
const RENEW = `local v = redis.call('get', KEYS[1])
if v == ARGV[1] then redis.call('pexpire', KEYS[1], ARGV[2]) return 1 end
if not v then redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[2]) return 2 end
return 0`;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

export function redisLeaseStore(redis: Redis): LeaseStore {
  return {
    async setIfAbsent(key, nodeId, ttlMs) {
      return (await redis.set(key, nodeId, 'PX', ttlMs, 'NX')) === 'OK';
    },
    async renew(key, nodeId, ttlMs) {
      const r = Number(await redis.eval(RENEW, 1, key, nodeId, String(ttlMs)));
      return r === 1 ? 'renewed' : r === 2 ? 'claimed' : 'taken';
    },
    get: (key) => redis.get(key),
    getMany: async (keys) => (keys.length ? redis.mget(...keys) : []),
    async release(key, nodeId) {
      await redis.eval(RELEASE, 1, key, nodeId);
    },
  };
}

/** How long a caller should wait before trying again while Redis is away (error details). */
export const REDIS_RETRY_AFTER_MS = 1000;

function unavailable(err: unknown): AppError {
  return new AppError('UNAVAILABLE', 'Redis is unavailable; try again shortly', {
    retryAfterMs: REDIS_RETRY_AFTER_MS,
    reason: err instanceof Error ? err.message : String(err),
  });
}

export interface RedisOwnershipOptions {
  clock?: Clock;
  /** false: renewals only when renewAll() is called (tests). */
  autoRenew?: boolean;
  onRenewError?: (err: unknown, debateId: string) => void;
}

export class RedisOwnership implements Ownership {
  /** Held leases: the instant each one expires by this node's clock. */
  private readonly validUntil = new Map<string, number>();
  private readonly listeners: ((debateId: string) => void)[] = [];
  private readonly timer: NodeJS.Timeout | null;
  private readonly clock: Clock;
  private renewing: Promise<void> | null = null;

  constructor(
    private readonly store: LeaseStore,
    readonly nodeId: string,
    private readonly prefix: string,
    private readonly ttlMs: number,
    private readonly opts: RedisOwnershipOptions = {},
  ) {
    this.clock = opts.clock ?? systemClock;
    // Renew every fifth of the TTL: a lease always has at least 4/5 of its TTL left, so
    // Redis away for less than that (a restart) finds it still there when it comes back.
    this.timer = opts.autoRenew === false ? null : setInterval(() => void this.renewAll(), Math.max(100, Math.floor(ttlMs / 5)));
    this.timer?.unref();
  }

  private key(debateId: string): string {
    return `${this.prefix}:owner:${debateId}`;
  }

  holds(debateId: string): boolean {
    const until = this.validUntil.get(debateId);
    return until !== undefined && this.clock.now() < until;
  }

  async tryAcquire(debateId: string): Promise<boolean> {
    const sentAt = this.clock.now();
    try {
      const key = this.key(debateId);
      const ok = (await this.store.setIfAbsent(key, this.nodeId, this.ttlMs)) || (await this.store.renew(key, this.nodeId, this.ttlMs)) !== 'taken';
      if (ok) this.validUntil.set(debateId, sentAt + this.ttlMs);
      return ok;
    } catch (err) {
      throw unavailable(err);
    }
  }

  async owner(debateId: string): Promise<string | null> {
    try {
      return await this.store.get(this.key(debateId));
    } catch (err) {
      throw unavailable(err);
    }
  }

  async owners(debateIds: readonly string[]): Promise<(string | null)[]> {
    try {
      return await this.store.getMany(debateIds.map((id) => this.key(id)));
    } catch (err) {
      throw unavailable(err);
    }
  }

  async release(debateId: string): Promise<void> {
    this.validUntil.delete(debateId);
    try {
      await this.store.release(this.key(debateId), this.nodeId);
    } catch (err) {
      // The lease then simply expires; nobody waits longer than its TTL.
      this.opts.onRenewError?.(err, debateId);
    }
  }

  onLost(listener: (debateId: string) => void): void {
    this.listeners.push(listener);
  }

  /** One renewal round over every held lease (the timer calls it; tests drive it). */
  renewAll(): Promise<void> {
    this.renewing ??= this.renewRound().finally(() => {
      this.renewing = null;
    });
    return this.renewing;
  }

  private async renewRound(): Promise<void> {
    await Promise.all(
      [...this.validUntil.keys()].map(async (debateId) => {
        const sentAt = this.clock.now();
        let outcome: RenewOutcome | 'failed';
        try {
          outcome = await this.store.renew(this.key(debateId), this.nodeId, this.ttlMs);
        } catch (err) {
          outcome = 'failed';
          this.opts.onRenewError?.(err, debateId);
        }
        const until = this.validUntil.get(debateId);
        if (until === undefined) return; // released meanwhile
        if (outcome === 'renewed' || outcome === 'claimed') this.validUntil.set(debateId, Math.max(until, sentAt + this.ttlMs));
        else if (outcome === 'taken' || this.clock.now() >= until) this.lose(debateId);
      }),
    );
  }

  private lose(debateId: string): void {
    if (!this.validUntil.delete(debateId)) return;
    for (const l of this.listeners) l(debateId);
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await Promise.allSettled([...this.validUntil.keys()].map((id) => this.release(id)));
  }
}
