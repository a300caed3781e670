// Finds the owner of each debate and gives the edges a handle to it. This node keeps a
// LiveDebate for every debate it owns (single node: all of them); calls for a debate
// owned by another node are forwarded to it. Creates new debates, adopts live debates
// at startup (and, with Redis, those whose owner vanished), closes them on shutdown.
import { AppError, isAppError } from '../errors.ts';
import type { Actor } from '../domain/types.ts';
import { createdDraft } from '../domain/lifecycle.ts';
import type { Modalities } from '../protocol/modalities.ts';
import { LocalOwnership, type Ownership } from '../bus/ownership.ts';
import type { RedisRpc, RpcRequest } from '../bus/rpc.ts';
import { LiveDebate, type LiveDebateDeps } from './live-debate.ts';
import { HANDLE_OPS, type DebateHandle, type HandleOp } from './handle.ts';
import { newId } from './ids.ts';
import type { EventListener } from './ports.ts';

export interface NewDebate {
  title: string;
  description: string | null;
  location: string | null;
  modalities: Modalities;
}

export interface RegistryOptions {
  ownership?: Ownership;
  rpc?: RedisRpc;
  /** How long to keep retrying while a vanished owner's lease runs out. */
  failoverMs?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class DebateRegistry {
  private readonly live = new Map<string, LiveDebate>();
  private readonly loading = new Map<string, Promise<LiveDebate>>();
  private readonly ownership: Ownership;
  private readonly rpc: RedisRpc | null;
  private readonly failoverMs: number;
  private closing = false;

  constructor(
    private readonly deps: LiveDebateDeps,
    opts: RegistryOptions = {},
  ) {
    this.ownership = opts.ownership ?? new LocalOwnership();
    this.rpc = opts.rpc ?? null;
    this.failoverMs = opts.failoverMs ?? 20_000;
    this.rpc?.serve((req) => this.serve(req));
    this.ownership.onLost((debateId) => {
      const d = this.live.get(debateId);
      this.live.delete(debateId);
      if (d) {
        this.deps.logger.warn({ debateId }, 'lost the ownership lease; dropping the local debate');
        void d.close();
      }
    });
  }

  /** Subscribe to every committed event of the debates this node owns (media layer). */
  onEvent(listener: EventListener): void {
    this.deps.listeners.push(listener);
  }

  async create(input: NewDebate, actor: Actor): Promise<LiveDebate> {
    // The debates row is a projection of `debate:created`, written in the same transaction.
    const id = newId();
    if (!(await this.ownership.tryAcquire(id))) throw new AppError('CONFLICT', 'debate id already owned');
    const debate = await LiveDebate.create(
      id,
      createdDraft({ debateId: id, ...input }),
      actor,
      this.deps,
    );
    this.live.set(id, debate);
    return debate;
  }

  /** A handle to the debate, local or forwarded to its owner. */
  async handle(debateId: string): Promise<DebateHandle> {
    const local = await this.tryLocal(debateId);
    if (local) return local;
    const proxy = {} as Record<HandleOp, (...args: unknown[]) => Promise<unknown>>;
    for (const op of HANDLE_OPS) proxy[op] = (...args: unknown[]) => this.invoke(debateId, op, args);
    return { id: debateId, ...proxy } as unknown as DebateHandle;
  }

  /** The local LiveDebate of a debate this node owns (or can take); NOT_OWNER otherwise. */
  async get(debateId: string): Promise<LiveDebate> {
    const local = await this.tryLocal(debateId);
    if (!local) throw new AppError('NOT_OWNER', `Debate ${debateId} is owned by another node`);
    return local;
  }

  /** Rebuild (or adopt) the given live debates so their timers run without a client. */
  async resume(debateIds: string[]): Promise<void> {
    for (const id of debateIds) {
      try {
        await this.tryLocal(id);
      } catch (err) {
        this.deps.logger.error({ err, debateId: id }, 'could not resume a live debate');
      }
    }
  }

  loadedCount(): number {
    return this.live.size;
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.allSettled([...this.loading.values()]);
    await Promise.all([...this.live.values()].map((d) => d.close()));
    this.live.clear();
    await this.ownership.close();
  }

  /** The local debate if this node owns it or takes the free lease now; else null. */
  private async tryLocal(debateId: string): Promise<LiveDebate | null> {
    if (this.closing) throw new AppError('UNAVAILABLE', 'Server is shutting down');
    const found = this.live.get(debateId);
    if (found) return found;
    const pending = this.loading.get(debateId);
    if (pending) return pending;
    const owner = await this.ownership.owner(debateId);
    if (owner !== null && owner !== this.ownership.nodeId) return null;
    if (!(await this.ownership.tryAcquire(debateId))) return null;
    const loading = LiveDebate.load(debateId, this.deps)
      .then(async (d) => {
        if (!d) {
          await this.ownership.release(debateId);
          throw new AppError('DEBATE_NOT_FOUND', `No debate ${debateId}`);
        }
        this.live.set(debateId, d);
        return d;
      })
      .finally(() => this.loading.delete(debateId));
    this.loading.set(debateId, loading);
    return loading;
  }

  /** Forward one call to the owner; when the owner is gone, wait for its lease and adopt. */
  private async invoke(debateId: string, op: HandleOp, args: unknown[]): Promise<unknown> {
    const deadline = Date.now() + this.failoverMs;
    for (;;) {
      const local = await this.tryLocal(debateId);
      if (local) return (local[op] as (...a: unknown[]) => Promise<unknown>).apply(local, args);
      const owner = await this.ownership.owner(debateId);
      if (owner && this.rpc) {
        try {
          return await this.rpc.call(owner, { debateId, op, args });
        } catch (err) {
          if (!isAppError(err) || err.code !== 'NOT_OWNER' || Date.now() > deadline) throw err;
        }
      }
      if (Date.now() > deadline) throw new AppError('UNAVAILABLE', `No node serves debate ${debateId}`);
      await sleep(250);
    }
  }

  /** Requests forwarded by other nodes: only served for debates this node holds. */
  private async serve(req: RpcRequest): Promise<unknown> {
    const d = this.live.get(req.debateId);
    if (!d) throw new AppError('NOT_OWNER', `This node does not own debate ${req.debateId}`);
    const op = req.op as HandleOp;
    if (!HANDLE_OPS.includes(op)) throw new AppError('UNKNOWN_EVENT', `Unknown operation ${req.op}`);
    return (d[op] as (...a: unknown[]) => Promise<unknown>).apply(d, req.args);
  }
}
