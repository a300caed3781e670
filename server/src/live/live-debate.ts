// One live debate on this node: the authoritative in-memory state, folded from the log.
// Commands are serialized (one at a time per debate), decided by the pure domain,
// appended to the log, and only then applied and broadcast. Timers (warnings, expiry,
// poll auto-close) are derived from server timestamps in the state after every change,
// so a debate rebuilt after a restart resumes its deadlines (or fires overdue ones).
//
// A command sent with an idempotency key runs once: inside the debate's queue, its key
// is looked up in the log's command records first; found, its first result is returned
// (or IDEMPOTENCY_KEY_REUSED when the key came with another command), otherwise its
// result is stored in the transaction that appends its events.
import type { FastifyBaseLogger } from 'fastify';
import type { Clock } from '../clock.ts';
import { AppError } from '../errors.ts';
import type { Actor, CommandContext, DebateEvent, EventDraft } from '../domain/types.ts';
import type { DebateState, Viewer } from '../domain/state.ts';
import { applyEvent, domainCommands, nextWake, rebuild, tickDrafts, viewState } from '../domain/debate.ts';
import {
  scheduleDraft,
  transitionDraft,
  updateDraft,
  type DebateUpdatedPayload,
  type LifecycleAction,
  type ScheduleChange,
} from '../domain/lifecycle.ts';
import { endFloorDrafts } from '../domain/turns/index.ts';
import { duePollCloses } from '../domain/polls/index.ts';
import { RECORDING_EVENT_TYPES } from '../protocol/recordings.ts';
import { CAPTION_EVENT_TYPES } from '../protocol/events/captions.ts';
import { BROADCAST_EVENT_TYPES } from '../protocol/broadcast.ts';
import type { CommandResult } from '../protocol/realtime.ts';
import { canonicalJson, sha256Hex } from '../db/canonical-json.ts';
import { PollDesk } from './poll-desk.ts';
import type { DebateHandle, DebateRead, DebateSnapshot } from './handle.ts';
import { newId } from './ids.ts';
import type { BallotBox, Broadcaster, CommandRecord, EventListener, EventLog, NodeLiveness, PresenceProbe } from './ports.ts';
import { Whereabouts } from './whereabouts.ts';
import { presenceDrafts } from '../domain/turns/index.ts';
import type { Role } from '../protocol/common.ts';

export interface LiveDebateDeps {
  log: EventLog;
  ballots: BallotBox;
  broadcaster: Broadcaster;
  clock: Clock;
  logger: FastifyBaseLogger;
  tallyIntervalMs: number;
  listeners: EventListener[];
  /** Counts a participant's sockets on every node; without it presence is not recorded. */
  presence?: PresenceProbe;
  /** PRESENCE_GRACE_MS; the domain's default when absent. */
  presenceGraceMs?: number;
  /** Several nodes: which are alive, asked every `presenceSweepMs` for the nodes present people are on. */
  nodes?: NodeLiveness;
  presenceSweepMs?: number;
}

const SYSTEM: Actor = { kind: 'system' };
/** Presence reports are gathered this long, then counted and logged as one event. */
const PRESENCE_BATCH_MS = 300;
/** A failed count is tried again after this long. */
const PRESENCE_RETRY_MS = 1000;
/** Events from outside the domain that may enter the log (the domain's fold ignores them). */
const EXTERNAL_EVENT_TYPES: ReadonlySet<string> = new Set<string>([...RECORDING_EVENT_TYPES, ...CAPTION_EVENT_TYPES, ...BROADCAST_EVENT_TYPES]);

export class LiveDebate implements Omit<DebateHandle, 'vote'> {
  readonly id: string;
  state: DebateState;
  readonly polls: PollDesk;
  private chain: Promise<unknown> = Promise.resolve();
  private wakeTimer: NodeJS.Timeout | null = null;
  private closed = false;
  private readonly pendingPresence = new Map<string, { name: string; role: Role }>();
  private presenceFlush: Promise<void> | null = null;
  private readonly whereabouts = new Whereabouts();
  private sweepTimer: NodeJS.Timeout | null = null;

  private constructor(
    state: DebateState,
    private readonly deps: LiveDebateDeps,
  ) {
    this.id = state.debateId;
    this.state = state;
    this.polls = new PollDesk({ id: this.id, state: () => this.state, commit: (d, a, now, c) => this.commit(d, a, now, c) }, deps);
  }

  /** Rebuild a debate from its log; null when the log is empty (unknown debate). */
  static async load(debateId: string, deps: LiveDebateDeps): Promise<LiveDebate | null> {
    const events = await deps.log.load(debateId);
    if (events.length === 0) return null;
    const live = new LiveDebate(rebuild(debateId, events), deps);
    await live.polls.restore();
    live.schedule();
    live.recheckPresence();
    live.startPresenceSweep();
    return live;
  }

  /** Start a new debate's log with its creation event. */
  static async create(debateId: string, created: EventDraft, actor: Actor, deps: LiveDebateDeps): Promise<LiveDebate> {
    const now = deps.clock.now();
    await deps.log.append(debateId, { seq: 0, hash: '' }, [{ at: now, actor, ...created }]);
    const live = await LiveDebate.load(debateId, deps);
    if (!live) throw new AppError('INTERNAL', 'debate vanished after creation');
    return live;
  }

  /** Run `fn` after every previously queued command of this debate (single writer). */
  run<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.chain.then(() => {
      if (this.closed) throw new AppError('UNAVAILABLE', 'This debate is shutting down');
      return fn();
    });
    this.chain = next.catch(() => undefined);
    return next;
  }

  execute(name: string, payload: unknown, actor: Actor, commandId?: string): Promise<CommandResult> {
    const spec = domainCommands[name];
    if (!spec) return Promise.reject(new AppError('UNKNOWN_EVENT', `Unknown command ${name}`));
    return this.once(commandId, { name, payload }, actor, async (record) => {
      const now = this.deps.clock.now();
      const drafts = spec.decide(this.state, payload, this.context(now, actor));
      return resultOf(await this.commit(drafts, actor, now, record([])), this.state.seq);
    });
  }

  update(patch: DebateUpdatedPayload, actor: Actor, commandId?: string): Promise<CommandResult> {
    return this.once(commandId, { name: 'debate:update', patch }, actor, async (record) => {
      const now = this.deps.clock.now();
      return resultOf(await this.commit([updateDraft(this.state, patch)], actor, now, record([])), this.state.seq);
    });
  }

  reschedule(change: ScheduleChange, actor: Actor, commandId?: string): Promise<CommandResult> {
    return this.once(commandId, { name: 'debate:reschedule', change }, actor, async (record) => {
      const now = this.deps.clock.now();
      return resultOf(await this.commit([scheduleDraft(this.state, change, now)], actor, now, record([])), this.state.seq);
    });
  }

  /** Lifecycle transition. Ending a debate first ends the floor and closes open polls. */
  transition(action: LifecycleAction, actor: Actor, commandId?: string): Promise<CommandResult> {
    return this.once(commandId, { name: 'debate:transition', action }, actor, async (record) => {
      const now = this.deps.clock.now();
      const draft = transitionDraft(this.state, action, now);
      const events: DebateEvent[] = [];
      if (action === 'end') {
        events.push(...(await this.commit(endFloorDrafts(this.state, now, 'debate_ended'), SYSTEM, now)));
        for (const pollId of this.polls.openPollIds()) {
          events.push(...(await this.polls.closeNow(pollId, 'debate_ended', SYSTEM)));
        }
      }
      // The record goes with the last append: a retry after a failure in between finds
      // the floor ended and the polls closed, and only transitions.
      events.push(...(await this.commit([draft], actor, now, record(events))));
      return resultOf(events, this.state.seq);
    });
  }

  /**
   * Run a command once per idempotency key (see the header), inside the debate's queue.
   * `fn` gets a maker of the record to append with its last events (given the events
   * appended before them, so the stored result is the whole command's).
   */
  private once(
    commandId: string | undefined,
    what: Record<string, unknown>,
    actor: Actor,
    fn: (record: (before: DebateEvent[]) => CommandRecord | undefined) => Promise<CommandResult>,
  ): Promise<CommandResult> {
    return this.run(async () => {
      if (commandId === undefined) return fn(() => undefined);
      const fingerprint = sha256Hex(canonicalJson({ ...what, actor }));
      const stored = await this.deps.log.findCommand(this.id, commandId);
      if (stored) {
        if (stored.fingerprint !== fingerprint) {
          throw new AppError('IDEMPOTENCY_KEY_REUSED', `The key ${commandId} was already used by another command in this debate`, {
            commandId,
          });
        }
        return stored.result as CommandResult;
      }
      return fn((before) => ({
        commandId,
        fingerprint,
        result: (events) => resultOf([...before, ...events], events.at(-1)?.seq ?? this.state.seq),
      }));
    });
  }

  /**
   * Append an event no domain command decides (the media layer's recordings), serialized
   * with the commands and, like them, durable before it is broadcast. Only the types of
   * EXTERNAL_EVENT_TYPES: anything else must go through the domain's rules.
   */
  appendSystemEvent(draft: EventDraft, actor: Actor = SYSTEM): Promise<DebateEvent> {
    if (!EXTERNAL_EVENT_TYPES.has(draft.type)) {
      return Promise.reject(new AppError('VALIDATION_FAILED', `${draft.type} is not an event the media layer may append`));
    }
    return this.run(async () => {
      const [event] = await this.commit([draft], actor, this.deps.clock.now());
      return event!;
    });
  }

  /** Close a poll on moderator command (flushes and counts ballots in the database). */
  closePoll(pollId: string, actor: Actor, commandId?: string): Promise<CommandResult> {
    return this.once(commandId, { name: 'poll:close', pollId }, actor, async (record) =>
      resultOf(await this.polls.closeNow(pollId, 'moderator', actor, record([])), this.state.seq),
    );
  }

  /** The viewer's snapshot; their own ballots are read from the table (any node may have stored them). */
  async view(viewer: Viewer): Promise<DebateSnapshot> {
    const myBallots = viewer.participantId ? await this.deps.ballots.mine(this.state.polls.order, viewer.participantId) : {};
    const state = viewState(this.state, viewer, { tallies: this.polls.tallies(), myBallots });
    return { seq: this.state.seq, serverTime: this.deps.clock.now(), state };
  }

  /**
   * A socket of this participant arrived or left somewhere. Reports are batched for
   * PRESENCE_BATCH_MS; the batch's sockets are then counted (every node, one request)
   * inside the serialized run, so the last check after any connect or disconnect sees the
   * final truth, and the changes are logged as one event. Resolves once that is done.
   */
  presence(participantId: string, name: string, role: Role): Promise<void> {
    const probe = this.deps.presence;
    if (!probe || this.closed) return Promise.resolve();
    this.pendingPresence.set(participantId, { name, role });
    this.presenceFlush ??= new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, PRESENCE_BATCH_MS);
      timer.unref?.();
    }).then(() => {
      this.presenceFlush = null;
      const batch = [...this.pendingPresence];
      this.pendingPresence.clear();
      return this.run(async () => {
        const online = await probe.connected(this.id, batch.map(([id]) => id));
        const now = this.deps.clock.now();
        const reports = batch.map(([id, who]) => ({ participantId: id, ...who, connected: online.has(id) }));
        await this.commit(presenceDrafts(this.state, reports, now), SYSTEM, now);
        for (const [id, who] of batch) this.whereabouts.record(id, who, online.get(id) ?? [], now);
      }).catch((err: unknown) => {
        // A count that fails (a node just died and the adapter waits for it, the database
        // is away) must not lose the change: the batch is counted again shortly.
        this.retryPresence(batch);
        throw err;
      });
    });
    return this.presenceFlush;
  }

  private retryPresence(batch: [string, { name: string; role: Role }][]): void {
    if (this.closed) return;
    const timer = setTimeout(() => {
      for (const [id, who] of batch) {
        if (!this.pendingPresence.has(id)) {
          this.presence(id, who.name, who.role).catch((err) => this.deps.logger.warn({ err, debateId: this.id }, 'presence check failed'));
        }
      }
    }, PRESENCE_RETRY_MS);
    timer.unref?.();
  }

  /**
   * A node that dies tells no one: the people whose sockets were all on nodes whose
   * heartbeat is gone are recorded away since their node was last known alive
   * (live/whereabouts.ts). No recount: the adapter waits for a dead node until it drops it
   * (seconds), and the commands of the debate must not wait behind that; a socket they
   * opened elsewhere since was counted by its own report (pending reports win). Resolves once done.
   */
  async sweepPresence(): Promise<void> {
    const { nodes, presence: probe } = this.deps;
    if (!nodes || !probe || this.closed || this.whereabouts.size === 0) return;
    const alive = await nodes.alive(this.whereabouts.nodes());
    // A node back from a freeze may still hold the sockets of those lost with it: recount them.
    for (const r of this.whereabouts.revived(alive)) {
      this.presence(r.participantId, r.name, r.role).catch((err) => this.deps.logger.warn({ err, debateId: this.id }, 'presence check failed'));
    }
    if (this.whereabouts.orphans(alive, this.deps.clock.now()).length === 0) return;
    await this.run(async () => {
      const now = this.deps.clock.now();
      // Again inside the run: a report counted meanwhile may have found them elsewhere.
      const gone = this.whereabouts.orphans(alive, now).filter((g) => !this.pendingPresence.has(g.participantId));
      await this.commit(presenceDrafts(this.state, gone.map((g) => ({ ...g, connected: false })), now), SYSTEM, now);
      for (const g of gone) this.whereabouts.lostWithNodes(g.participantId, g);
    });
  }

  private startPresenceSweep(): void {
    const every = this.deps.presenceSweepMs;
    if (!this.deps.nodes || !every) return;
    this.sweepTimer = setInterval(
      () => void this.sweepPresence().catch((err) => this.deps.logger.warn({ err, debateId: this.id }, 'presence sweep failed')),
      every,
    );
    this.sweepTimer.unref?.();
  }

  /** A copy rebuilt from the log (restart, takeover) checks who is still there: a vanished node told no one. */
  private recheckPresence(): void {
    for (const [id, p] of Object.entries(this.state.turns.presence)) {
      if (!p.connected) continue;
      this.presence(id, p.name, p.role).catch((err) => this.deps.logger.warn({ err, debateId: this.id }, 'presence check failed'));
    }
  }

  async read(): Promise<DebateRead> {
    return { state: this.state, tallies: this.polls.tallies() };
  }

  /** Stamp, append (durable first), fold, broadcast, reschedule timers. */
  async commit(drafts: EventDraft[], actor: Actor, now: number, command?: CommandRecord): Promise<DebateEvent[]> {
    if (drafts.length === 0) return [];
    const stamped = drafts.map((d) => ({ ...d, at: now, actor }));
    const events = await this.deps.log.append(this.id, { seq: this.state.seq, hash: this.state.headHash }, stamped, { command });
    try {
      for (const e of events) applyEvent(this.state, e);
    } catch (err) {
      // The log is the truth: a fold failure is a bug, so rebuild rather than diverge.
      this.deps.logger.error({ err, debateId: this.id }, 'fold failed after append; rebuilding from the log');
      this.state = rebuild(this.id, await this.deps.log.load(this.id));
    }
    for (const e of events) {
      this.polls.onEvent(e);
      this.deps.broadcaster.event(e);
      for (const listener of this.deps.listeners) {
        try {
          listener(e);
        } catch (err) {
          this.deps.logger.error({ err, type: e.type }, 'event listener failed');
        }
      }
    }
    this.schedule();
    return events;
  }

  context(now: number, actor: Actor): CommandContext {
    const ctx: CommandContext = { now, actor, newId };
    if (this.deps.presenceGraceMs !== undefined) ctx.presenceGraceMs = this.deps.presenceGraceMs;
    return ctx;
  }

  private schedule(): void {
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    this.wakeTimer = null;
    if (this.closed) return;
    const at = nextWake(this.state);
    if (at === null) return;
    const delay = Math.max(0, at - this.deps.clock.now());
    this.wakeTimer = setTimeout(() => void this.wake(), Math.min(delay, 2_147_000_000));
    this.wakeTimer.unref?.();
  }

  private async wake(): Promise<void> {
    this.wakeTimer = null;
    if (this.closed) return;
    try {
      await this.run(async () => {
        const now = this.deps.clock.now();
        await this.commit(tickDrafts(this.state, now), SYSTEM, now);
        for (const pollId of duePollCloses(this.state, now)) await this.polls.closeNow(pollId, 'auto', SYSTEM);
      });
    } catch (err) {
      if (this.closed) return;
      this.deps.logger.error({ err, debateId: this.id }, 'timer handling failed; retrying shortly');
      this.wakeTimer = setTimeout(() => void this.wake(), 500);
      this.wakeTimer.unref?.();
      return;
    }
    if (!this.wakeTimer) this.schedule();
  }

  /** Stop timers, wait for queued commands, flush ballots. Safe to call twice. */
  async close(): Promise<void> {
    if (this.closed) return;
    await this.chain;
    this.closed = true;
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    this.sweepTimer = null;
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    this.wakeTimer = null;
    await this.polls.close();
  }
}

/** The command's ack data: its events, and the id of what it created or acted on. */
function resultOf(events: DebateEvent[], seq: number): CommandResult {
  const result: CommandResult = { seq, events: events.map((e) => ({ seq: e.seq, type: e.type })) };
  for (const e of events) {
    switch (e.type) {
      case 'poll:created':
      case 'poll:proposed':
        result.pollId ??= e.payload.poll.id;
        break;
      case 'poll:closed':
        result.pollId ??= e.payload.pollId;
        result.results ??= e.payload.results;
        break;
      case 'poll:opened':
      case 'poll:approved':
        result.pollId ??= e.payload.pollId;
        break;
      case 'question:asked':
        result.questionId ??= e.payload.question.id;
        break;
      case 'contribution:submitted':
        result.contributionId ??= e.payload.contribution.id;
        break;
      case 'floor:granted':
        result.turnId ??= e.payload.turnId;
        break;
      default:
        break;
    }
  }
  return result;
}
