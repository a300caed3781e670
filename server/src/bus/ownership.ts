// Who owns a live debate. One node holds the authoritative state of a debate; with Redis
// the owner holds a renewable lease (SET NX PX, renewed by compare-and-pexpire) and loses
// the debate if it cannot renew. Single node: this process owns everything.
import type { Redis } from 'ioredis';

export interface Ownership {
  readonly nodeId: string;
  /** Take (or keep) the lease of a debate; true when this node owns it now. */
  tryAcquire(debateId: string): Promise<boolean>;
  /** The node id holding the lease, or null. */
  owner(debateId: string): Promise<string | null>;
  release(debateId: string): Promise<void>;
  /** Called when a lease this node held could not be renewed (another node may take it). */
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
  async release(): Promise<void> {}
  onLost(): void {}
  async close(): Promise<void> {}
}

const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

export class RedisOwnership implements Ownership {
  private readonly held = new Set<string>();
  private readonly listeners: ((debateId: string) => void)[] = [];
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly redis: Redis,
    readonly nodeId: string,
    private readonly prefix: string,
    private readonly ttlMs: number,
  ) {
    // Renew at a third of the TTL: two missed renewals still keep the lease.
    this.timer = setInterval(() => void this.renewAll(), Math.max(100, Math.floor(ttlMs / 3)));
    this.timer.unref();
  }

  private key(debateId: string): string {
    return `${this.prefix}:owner:${debateId}`;
  }

  async tryAcquire(debateId: string): Promise<boolean> {
    const key = this.key(debateId);
    const set = await this.redis.set(key, this.nodeId, 'PX', this.ttlMs, 'NX');
    if (set === 'OK') {
      this.held.add(debateId);
      return true;
    }
    const renewed = Number(await this.redis.eval(RENEW, 1, key, this.nodeId, String(this.ttlMs)));
    if (renewed === 1) this.held.add(debateId);
    return renewed === 1;
  }

  owner(debateId: string): Promise<string | null> {
    return this.redis.get(this.key(debateId));
  }

  async release(debateId: string): Promise<void> {
    this.held.delete(debateId);
    await this.redis.eval(RELEASE, 1, this.key(debateId), this.nodeId);
  }

  onLost(listener: (debateId: string) => void): void {
    this.listeners.push(listener);
  }

  private async renewAll(): Promise<void> {
    for (const debateId of [...this.held]) {
      let ok = false;
      try {
        ok = Number(await this.redis.eval(RENEW, 1, this.key(debateId), this.nodeId, String(this.ttlMs))) === 1;
      } catch {
        ok = false; // Redis unreachable: we cannot prove ownership any more.
      }
      if (!ok && this.held.delete(debateId)) for (const l of this.listeners) l(debateId);
    }
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await Promise.allSettled([...this.held].map((id) => this.release(id)));
  }
}
