// Node liveness across the cluster: each node keeps a key `<prefix>:node:<nodeId>` in Redis
// with a time to live, refreshed at a third of it, so a node that dies without a word (kill
// -9, a machine gone) vanishes from the directory within the TTL. The owner of a debate
// asks it which nodes its present participants' sockets were on are still there
// (live/whereabouts.ts). A node that cannot reach Redis stops beating and is taken for
// gone: its people are recounted, and a recount that finds their sockets keeps them present.
import type { Redis } from 'ioredis';
import type { NodeLiveness } from '../live/ports.ts';

export class RedisNodeHeartbeat implements NodeLiveness {
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly client: Pick<Redis, 'set' | 'exists' | 'del' | 'pipeline'>,
    private readonly prefix: string,
    readonly nodeId: string,
    private readonly ttlMs: number,
  ) {}

  private key(nodeId: string): string {
    return `${this.prefix}:node:${nodeId}`;
  }

  /** Beat now and every third of the TTL. */
  async start(): Promise<void> {
    await this.beat();
    this.timer = setInterval(() => void this.beat().catch(() => undefined), Math.max(100, Math.floor(this.ttlMs / 3)));
    this.timer.unref?.();
  }

  private async beat(): Promise<void> {
    await this.client.set(this.key(this.nodeId), String(Date.now()), 'PX', this.ttlMs);
  }

  async alive(nodeIds: readonly string[]): Promise<Set<string>> {
    if (nodeIds.length === 0) return new Set();
    const p = this.client.pipeline();
    for (const id of nodeIds) p.exists(this.key(id));
    const answers = (await p.exec()) ?? [];
    const alive = new Set<string>();
    answers.forEach(([err, n], i) => {
      if (!err && n === 1) alive.add(nodeIds[i]!);
    });
    return alive;
  }

  /** Stop beating; a clean shutdown removes its key (its sockets are closed by then). */
  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.client.del(this.key(this.nodeId)).catch(() => undefined);
  }
}
