// Node liveness across the cluster: each node keeps a key `<prefix>:node:<nodeId>` in Redis
// with a time to live, refreshed at a third of it, so a node that dies without a word (kill
// -9, a machine gone) vanishes from the directory within the TTL. The value is the time of
// the last beat (the beating node's clock): a node found gone was last alive then. The owner of a debate
// asks it which nodes its present participants' sockets were on are still there
// (live/whereabouts.ts). A node that cannot reach Redis stops beating and is taken for
// gone: its people are recounted, and a recount that finds their sockets keeps them present.
import type { Redis } from 'ioredis';
import type { NodeLiveness } from '../live/ports.ts';

export class RedisNodeHeartbeat implements NodeLiveness {
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly client: Pick<Redis, 'set' | 'mget' | 'del'>,
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

  async alive(nodeIds: readonly string[]): Promise<Map<string, number>> {
    const alive = new Map<string, number>();
    if (nodeIds.length === 0) return alive;
    const beats = await this.client.mget(...nodeIds.map((id) => this.key(id)));
    beats.forEach((beat, i) => {
      const at = Number(beat);
      if (beat !== null && Number.isFinite(at)) alive.set(nodeIds[i]!, at);
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
