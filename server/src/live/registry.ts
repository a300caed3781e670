// Finds the owner of each debate and gives the edges a handle to it. This node keeps a
// LiveDebate for every debate it owns (single node: all of them); calls for a debate
// owned by another node are forwarded to it. Creates new debates, adopts live debates
// at startup and, with Redis, those that have no owner (sweep), unloads ended ones, and
// closes them all on shutdown.
//
// One copy per debate: concurrent callers share one load (single-flight). Each copy
// appends with the writer epoch it took (fenced-log.ts); a copy that meets a fencing
// conflict, or a head that moved under it, drops itself, and the call is retried on
// whoever owns the debate now: the cluster's own state never reaches a client as CONFLICT.
//
// What is forwarded is typed (forwarded.ts, one schema per operation, parsed on arrival).
// A forwarded write that times out may still be applied by the owner, so it is sent again
// only when it carries an idempotency key (the owner then returns the first result).
import { AppError, isAppError } from '../errors.ts';
import type { Actor } from '../domain/types.ts';
import { createdDraft } from '../domain/lifecycle.ts';
import type { Modalities } from '../protocol/modalities.ts';
import { LocalOwnership, type Ownership } from '../bus/ownership.ts';
import type { RedisRpc } from '../bus/rpc.ts';
import { unavailableIfAway } from '../db/availability.ts';
import { LiveDebate, type LiveDebateDeps } from './live-debate.ts';
import type { DebateHandle } from './handle.ts';
import { parseForwarded, RESENDABLE_OPS, runForwarded, type Forwarded } from './forwarded.ts';
import { fencedDeps, type WriterFence } from './fenced-log.ts';
import { newId } from './ids.ts';
import { BallotIntake } from './ballot-intake.ts';
import type { EventListener } from './ports.ts';

export type { WriterFence } from './fenced-log.ts';

export interface NewDebate {
  title: string;
  description: string | null;
  location: string | null;
  modalities: Modalities;
  /** The debate this one is a copy of (POST /api/debates/:id/duplicate). */
  duplicatedFrom?: string;
}

export interface RegistryOptions {
  ownership?: Ownership;
  rpc?: RedisRpc;
  /** Writer epochs in the database; without it appends are not fenced (unit tests). */
  fence?: WriterFence;
  /** How long a call keeps retrying while a vanished owner's lease runs out. */
  failoverMs?: number;
}

const OVER: ReadonlySet<string> = new Set(['ended', 'archived']);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class DebateRegistry {
  private readonly live = new Map<string, LiveDebate>();
  private readonly loading = new Map<string, Promise<LiveDebate | null>>();
  private readonly ownership: Ownership;
  private readonly rpc: RedisRpc | null;
  private readonly fence: WriterFence | null;
  private readonly failoverMs: number;
  private sweepTimer: NodeJS.Timeout | null = null;
  private sweeping: Promise<void> | null = null;
  private closing = false;
  private readonly intake: BallotIntake;

  constructor(
    private readonly deps: LiveDebateDeps,
    opts: RegistryOptions = {},
  ) {
    this.ownership = opts.ownership ?? new LocalOwnership();
    this.rpc = opts.rpc ?? null;
    this.fence = opts.fence ?? null;
    this.failoverMs = opts.failoverMs ?? 20_000;
    this.rpc?.serve((req) => this.serve(req));
    // Ballots are written where they arrive; the owner, if it is this node, recounts sooner.
    this.intake = new BallotIntake({
      ballots: deps.ballots,
      clock: deps.clock,
      onStored: (debateId, pollId) => this.live.get(debateId)?.polls.ballotStored(pollId),
    });
    this.ownership.onLost((debateId) => this.drop(debateId, this.live.get(debateId), 'lost the ownership lease'));
    // An ended debate leaves memory once the command that ended it is done.
    this.deps.listeners.push((e) => {
      if (e.type === 'debate:ended' || e.type === 'debate:archived' || e.type === 'debate:cancelled') setImmediate(() => void this.unload(e.debateId, this.live.get(e.debateId)));
    });
  }

  /** Subscribe to every committed event of the debates this node owns (media layer). */
  onEvent(listener: EventListener): void {
    this.deps.listeners.push(listener);
  }

  async create(input: NewDebate, actor: Actor): Promise<LiveDebate> {
    if (this.closing) throw new AppError('UNAVAILABLE', 'Server is shutting down');
    // The debates row is a projection of `debate:created`, written in the same transaction.
    const id = newId();
    if (!(await this.ownership.tryAcquire(id))) throw new AppError('CONFLICT', 'debate id already owned');
    const debate = await this.open(id, (deps) => LiveDebate.create(id, createdDraft({ debateId: id, ...input }), actor, deps));
    if (!debate) throw new AppError('INTERNAL', 'debate vanished after creation');
    this.live.set(id, debate);
    return debate;
  }

  /** A handle to the debate: every call goes to its owner, local or not, and is retried on a move. */
  async handle(debateId: string): Promise<DebateHandle> {
    if (this.closing) throw new AppError('UNAVAILABLE', 'Server is shutting down');
    const call = <T>(req: Forwarded) => this.invoke(req) as Promise<T>;
    return {
      id: debateId,
      execute: (name, payload, actor, commandId) => call({ op: 'execute', debateId, name, payload, actor, ...key(commandId) }),
      update: (patch, actor, commandId) => call({ op: 'update', debateId, patch, actor, ...key(commandId) }),
      transition: (action, actor, commandId) => call({ op: 'transition', debateId, action, actor, ...key(commandId) }),
      reschedule: (change, actor, commandId) => call({ op: 'reschedule', debateId, change, actor, ...key(commandId) }),
      closePoll: (pollId, actor, commandId) => call({ op: 'closePoll', debateId, pollId, actor, ...key(commandId) }),
      vote: (pollId, choices, voterId, seq) => this.intake.vote({ debateId, pollId, choices, voterId, seq }),
      view: (viewer) => call({ op: 'view', debateId, viewer }),
      read: () => call({ op: 'read', debateId }),
      presence: (participantId, name, role) => call({ op: 'presence', debateId, participantId, name, role }),
    };
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

  /**
   * Several nodes: every `everyMs`, adopt the live debates that have no owner (one MGET
   * for all, so only orphans are loaded), and unload local debates that are over.
   */
  startSweep(listLive: () => Promise<string[]>, everyMs: number): void {
    const tick = async () => {
      for (const [id, d] of this.live) if (OVER.has(d.state.status)) void this.unload(id, d);
      const ids = (await listLive()).filter((id) => !this.live.has(id) && !this.loading.has(id));
      if (ids.length === 0) return;
      const owners = await this.ownership.owners(ids);
      await this.resume(ids.filter((_, i) => owners[i] === null));
    };
    this.sweepTimer = setInterval(() => {
      this.sweeping ??= tick()
        .catch((err) => this.deps.logger.warn({ err }, 'adoption sweep failed'))
        .finally(() => {
          this.sweeping = null;
        });
    }, everyMs);
    this.sweepTimer.unref();
  }

  loadedCount(): number {
    return this.live.size;
  }

  async close(): Promise<void> {
    this.closing = true;
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    await this.sweeping;
    await Promise.allSettled([...this.loading.values()]);
    await Promise.all([...this.live.values()].map((d) => d.close()));
    this.live.clear();
    await this.ownership.close();
  }

  /** The local debate if this node owns it or takes the free lease now; else null. */
  private tryLocal(debateId: string): Promise<LiveDebate | null> {
    if (this.closing) return Promise.reject(new AppError('UNAVAILABLE', 'Server is shutting down'));
    const found = this.live.get(debateId);
    if (found) return Promise.resolve(found);
    // Registered before the first await: concurrent callers share this one load.
    let pending = this.loading.get(debateId);
    if (!pending) {
      pending = this.load(debateId).finally(() => this.loading.delete(debateId));
      this.loading.set(debateId, pending);
    }
    return pending;
  }

  private async load(debateId: string): Promise<LiveDebate | null> {
    const owner = await this.ownership.owner(debateId);
    if (owner !== null && owner !== this.ownership.nodeId) return null;
    if (!(await this.ownership.tryAcquire(debateId))) return null;
    let debate: LiveDebate | null;
    try {
      debate = await this.open(debateId, (deps) => LiveDebate.load(debateId, deps));
    } catch (err) {
      await this.ownership.release(debateId);
      throw unavailableIfAway(err);
    }
    if (!debate) {
      await this.ownership.release(debateId);
      throw new AppError('DEBATE_NOT_FOUND', `No debate ${debateId}`);
    }
    if (this.closing) {
      await debate.close();
      throw new AppError('UNAVAILABLE', 'Server is shutting down');
    }
    this.live.set(debateId, debate);
    return debate;
  }

  /** Take the writer epoch, then build the copy on a log fenced by it (epoch first, log read after). */
  private async open(debateId: string, build: (deps: LiveDebateDeps) => Promise<LiveDebate | null>): Promise<LiveDebate | null> {
    if (!this.fence) return build(this.deps);
    const epoch = await this.fence.take(debateId, this.ownership.nodeId);
    const { deps, bind } = fencedDeps(this.deps, this.fence, debateId, epoch, (copy, reason) => this.drop(debateId, copy, reason, true));
    const debate = await build(deps);
    if (debate) bind(debate);
    return debate;
  }

  /** Forget a copy that is no longer the debate's writer; it finishes its queue and closes. */
  private drop(debateId: string, copy: LiveDebate | null | undefined, reason: string, release = false): void {
    if (!copy) return;
    if (this.live.get(debateId) === copy) this.live.delete(debateId);
    this.deps.logger.warn({ debateId, reason }, 'dropping the local copy of a debate');
    void copy.close().catch((err) => this.deps.logger.error({ err, debateId }, 'closing a dropped debate failed'));
    if (release && !this.live.has(debateId) && !this.loading.has(debateId)) void this.ownership.release(debateId);
  }

  private async unload(debateId: string, copy: LiveDebate | undefined): Promise<void> {
    if (!copy || this.live.get(debateId) !== copy) return;
    this.live.delete(debateId);
    await copy.close();
    if (!this.live.has(debateId) && !this.loading.has(debateId)) await this.ownership.release(debateId);
  }

  /** Call `req` on the owner; when the owner moved or vanished, find the new one and call again. */
  private async invoke(req: Forwarded): Promise<unknown> {
    const { debateId, op } = req;
    // Sending again after a timeout is safe for reads and for keyed commands only.
    const resendable = RESENDABLE_OPS.has(op) || ('commandId' in req && req.commandId !== undefined);
    const deadline = Date.now() + this.failoverMs;
    for (;;) {
      const local = await this.tryLocal(debateId);
      if (local && !this.ownership.holds(debateId)) {
        // The lease ran out by this node's clock (a frozen or cut-off node): do not decide
        // on a state another node may have moved on from; renewal reports it lost soon.
        this.drop(debateId, local, 'the lease expired by this node\'s clock');
        if (Date.now() > deadline) throw new AppError('UNAVAILABLE', `Debate ${debateId} is moving`, { retryAfterMs: 1000 });
        continue;
      }
      if (local) {
        try {
          return await runForwarded(local, req);
        } catch (err) {
          // The copy dropped itself (fenced, stale, closed under us): ask again who owns it.
          if (!this.movedAway(debateId, local, err) || Date.now() > deadline) throw unavailableIfAway(err);
          continue;
        }
      }
      const owner = await this.ownership.owner(debateId);
      if (owner && owner !== this.ownership.nodeId && this.rpc) {
        try {
          return await this.rpc.call(owner, req);
        } catch (err) {
          const retry = isAppError(err) && (err.code === 'NOT_OWNER' || (resendable && err.code === 'UNAVAILABLE'));
          if (!retry || Date.now() > deadline) throw err;
        }
      }
      if (Date.now() > deadline) throw new AppError('UNAVAILABLE', `No node serves debate ${debateId}`, { retryAfterMs: 1000 });
      await sleep(100);
    }
  }

  private movedAway(debateId: string, copy: LiveDebate, err: unknown): boolean {
    if (this.closing || this.live.get(debateId) === copy) return false;
    return isAppError(err) && (err.code === 'NOT_OWNER' || err.code === 'UNAVAILABLE');
  }

  /** Requests forwarded by other nodes: served when this node owns the debate (or takes it, free). */
  private async serve(raw: unknown): Promise<unknown> {
    const req = parseForwarded(raw);
    const d = await this.tryLocal(req.debateId);
    if (!d || !this.ownership.holds(req.debateId)) throw new AppError('NOT_OWNER', `This node does not own debate ${req.debateId}`);
    try {
      return await runForwarded(d, req);
    } catch (err) {
      // A copy that dropped itself did not execute: the caller may find the owner and retry.
      if (this.movedAway(req.debateId, d, err)) throw new AppError('NOT_OWNER', `Debate ${req.debateId} moved`);
      throw unavailableIfAway(err);
    }
  }
}

const key = (commandId: string | undefined) => (commandId === undefined ? {} : { commandId });
