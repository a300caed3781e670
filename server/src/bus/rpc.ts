// Node-to-node requests over Redis pub/sub: a node that does not own a debate forwards
// the command to the owner's channel and waits for the reply on its own channel.
// Errors travel as { code, message } and become AppErrors again on the caller.
//
// NOT_OWNER means "not executed" (nobody received it, or the receiver does not hold the
// debate), so the caller may send it elsewhere. A reply that does not come within the
// timeout is UNAVAILABLE: the owner may be slow and still apply the command, so it must
// not be sent again blindly (an idempotency key makes such a retry safe).
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { FastifyBaseLogger } from 'fastify';
import { AppError, ERROR_STATUS, type ErrorCode } from '../errors.ts';

/** What travels: one operation on one debate (its schemas: live/forwarded.ts, parsed by the receiver). */
export interface RpcRequest {
  debateId: string;
  op: string;
}

export type RpcHandler = (req: unknown) => Promise<unknown>;

interface Envelope {
  id: string;
  replyTo: string;
  req?: RpcRequest;
  ok?: boolean;
  data?: unknown;
  error?: { code: string; message: string; details?: unknown };
}

export class RedisRpc {
  private readonly pending = new Map<string, { resolve(v: unknown): void; reject(e: unknown): void; timer: NodeJS.Timeout }>();
  private handler: RpcHandler | null = null;

  private constructor(
    private readonly pub: Redis,
    private readonly sub: Redis,
    private readonly prefix: string,
    readonly nodeId: string,
    private readonly timeoutMs: number,
    private readonly logger: Pick<FastifyBaseLogger, 'warn'> | null,
  ) {}

  static async start(
    pub: Redis,
    prefix: string,
    nodeId: string,
    opts: { timeoutMs?: number; logger?: Pick<FastifyBaseLogger, 'warn'> } = {},
  ): Promise<RedisRpc> {
    const sub = pub.duplicate();
    sub.on('error', () => undefined); // the command connection reports Redis errors
    const rpc = new RedisRpc(pub, sub, prefix, nodeId, opts.timeoutMs ?? 5000, opts.logger ?? null);
    sub.on('message', (_channel: string, message: string) => void rpc.onMessage(message));
    if (sub.status === 'wait') await sub.connect(); // lazy, and without an offline queue
    await sub.subscribe(rpc.channel(nodeId));
    return rpc;
  }

  private channel(nodeId: string): string {
    return `${this.prefix}:rpc:${nodeId}`;
  }

  serve(handler: RpcHandler): void {
    this.handler = handler;
  }

  call(nodeId: string, req: RpcRequest): Promise<unknown> {
    const id = randomBytes(8).toString('hex');
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(
          new AppError('UNAVAILABLE', `Node ${nodeId} did not answer within ${this.timeoutMs} ms for debate ${req.debateId}; the command may still be applied`, {
            reason: 'rpc_timeout',
            retryAfterMs: 1000,
          }),
        );
      }, this.timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      const envelope: Envelope = { id, replyTo: this.nodeId, req };
      this.pub.publish(this.channel(nodeId), JSON.stringify(envelope)).then(
        (receivers) => {
          // Nobody subscribed: that node is gone. Fail fast rather than wait for the timeout.
          if (receivers === 0) this.settle(id, { id, replyTo: '', ok: false, error: { code: 'NOT_OWNER', message: 'owner gone' } });
        },
        (err) =>
          this.settle(id, {
            id,
            replyTo: '',
            ok: false,
            error: { code: 'UNAVAILABLE', message: `Could not reach node ${nodeId}: ${String(err)}`, details: { retryAfterMs: 1000 } },
          }),
      );
    });
  }

  private async onMessage(raw: string): Promise<void> {
    let msg: Envelope;
    try {
      msg = JSON.parse(raw) as Envelope;
    } catch {
      return; // not ours
    }
    if (!msg.req) return this.settle(msg.id, msg);
    const reply: Envelope = { id: msg.id, replyTo: this.nodeId };
    try {
      if (!this.handler) throw new AppError('NOT_OWNER', 'This node serves no debates');
      reply.ok = true;
      reply.data = await this.handler(msg.req);
    } catch (err) {
      reply.ok = false;
      const e = err as { code?: string; message?: string; details?: unknown };
      reply.error = e.code && e.code in ERROR_STATUS
        ? { code: e.code, message: e.message ?? '', details: e.details }
        : { code: 'INTERNAL', message: 'Internal server error' };
    }
    try {
      await this.pub.publish(this.channel(msg.replyTo), JSON.stringify(reply));
    } catch (err) {
      // Redis went away between the request and the reply: the caller times out.
      this.logger?.warn({ err, op: msg.req.op, debateId: msg.req.debateId }, 'could not send an RPC reply');
    }
  }

  private settle(id: string, msg: Envelope): void {
    const p = this.pending.get(id);
    if (!p) return;
    this.pending.delete(id);
    clearTimeout(p.timer);
    if (msg.ok) p.resolve(msg.data);
    else p.reject(new AppError((msg.error?.code ?? 'INTERNAL') as ErrorCode, msg.error?.message ?? '', msg.error?.details));
  }

  async close(): Promise<void> {
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer);
      p.reject(new AppError('UNAVAILABLE', 'shutting down'));
      this.pending.delete(id);
    }
    await this.sub.quit().catch(() => this.sub.disconnect());
  }
}
