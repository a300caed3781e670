// The polls of one live debate on its owner node. Ballots are the architecture's
// exception to the event log: any node writes them to the `ballots` table (group commit,
// ballot-intake.ts), so the owner's live tally is a count of those rows, not a sum of what
// passed through this node: it recounts the open polls one interval after a ballot stored
// here and, for the ballots other nodes store, at least every IDLE_RECOUNT_MS, and
// broadcasts a tally when the count changed (at most every TALLY_INTERVAL_MS). Closing a
// poll flushes this node's pending ballots, closes the poll's gate in the database (no
// node stores a ballot for it afterwards), then counts: the result is exactly the rows.
import type { FastifyBaseLogger } from 'fastify';
import type { Clock } from '../clock.ts';
import type { Actor, DebateEvent } from '../domain/types.ts';
import { assertClosable, closePollDraft, resultsFromCount, type PollResults } from '../domain/polls/index.ts';
import type { BallotBox, Broadcaster, CommandRecord, DebateWriter } from './ports.ts';

export interface PollDeskDeps {
  ballots: BallotBox;
  broadcaster: Broadcaster;
  clock: Clock;
  logger: FastifyBaseLogger;
  tallyIntervalMs: number;
}

/** How late a ballot stored by another node reaches the tally, at most (plus one count). */
export const IDLE_RECOUNT_MS = 1000;

export class PollDesk {
  /** The last count of each open poll (the snapshot's tallies), and what was last broadcast. */
  private readonly counted = new Map<string, PollResults>();
  private readonly sent = new Map<string, string>();
  private timer: NodeJS.Timeout | null = null;
  private dueAt = Infinity;
  private counting: Promise<void> | null = null;
  private closed = false;

  constructor(
    private readonly debate: DebateWriter,
    private readonly deps: PollDeskDeps,
  ) {}

  openPollIds(): string[] {
    return Object.values(this.debate.state().polls.polls)
      .filter((p) => p.status === 'open')
      .map((p) => p.id);
  }

  /** After a (re)load: count the open polls' rows. */
  async restore(): Promise<void> {
    for (const pollId of this.openPollIds()) {
      const results = await this.countNow(pollId);
      this.sent.set(pollId, JSON.stringify(results));
    }
    this.arm(IDLE_RECOUNT_MS);
  }

  onEvent(e: DebateEvent): void {
    if (e.type === 'poll:opened') {
      const poll = this.debate.state().polls.polls[e.payload.pollId];
      if (poll) this.counted.set(poll.id, resultsFromCount(poll, { total: 0, byChoice: {} }));
      this.arm(IDLE_RECOUNT_MS);
    } else if (e.type === 'poll:closed') {
      this.counted.delete(e.payload.pollId);
      this.sent.delete(e.payload.pollId);
    }
  }

  /**
   * A ballot of this debate was stored on this node: recount one interval later (trailing
   * edge: the first ballot of a storm alone is not worth a write to every socket).
   */
  ballotStored(pollId: string): void {
    if (this.counted.has(pollId)) this.arm(this.tallyInterval());
  }

  /** Must run inside LiveDebate.run (single writer). */
  async closeNow(pollId: string, reason: 'moderator' | 'auto' | 'debate_ended', actor: Actor, command?: CommandRecord): Promise<DebateEvent[]> {
    assertClosable(this.debate.state(), pollId);
    await this.deps.ballots.flush();
    await this.deps.ballots.closeGate(pollId, this.deps.clock.now());
    const poll = this.debate.state().polls.polls[pollId]!;
    const results = resultsFromCount(poll, await this.deps.ballots.count(pollId));
    const now = this.deps.clock.now();
    return this.debate.commit([closePollDraft(this.debate.state(), pollId, reason, results, now)], actor, now, command);
  }

  tallies(): Record<string, PollResults> {
    return Object.fromEntries(this.counted);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.counting;
    await this.deps.ballots.flush();
  }

  /** Count one poll's rows and keep the result (the snapshot's tally). */
  private async countNow(pollId: string): Promise<PollResults> {
    const poll = this.debate.state().polls.polls[pollId]!;
    const results = resultsFromCount(poll, await this.deps.ballots.count(pollId));
    if (this.counted.has(pollId) || poll.status === 'open') this.counted.set(pollId, results);
    return results;
  }

  /** Recount within `delayMs` (an earlier recount already due stays). */
  private arm(delayMs: number): void {
    if (this.closed || this.counted.size === 0) return;
    const at = Date.now() + delayMs;
    if (this.timer && this.dueAt <= at) return;
    if (this.timer) clearTimeout(this.timer);
    this.dueAt = at;
    this.timer = setTimeout(() => this.tick(), delayMs);
    this.timer.unref?.();
  }

  private tick(): void {
    this.timer = null;
    this.dueAt = Infinity;
    this.counting ??= this.recount()
      .catch((err) => this.deps.logger.warn({ err, debateId: this.debate.id }, 'recounting the open polls failed'))
      .finally(() => {
        this.counting = null;
        this.arm(IDLE_RECOUNT_MS);
      });
  }

  /** Count every open poll; broadcast those whose count changed since the last tally. */
  private async recount(): Promise<void> {
    for (const pollId of [...this.counted.keys()]) {
      const results = await this.countNow(pollId);
      const poll = this.debate.state().polls.polls[pollId];
      const key = JSON.stringify(results);
      if (!poll || poll.status !== 'open' || this.sent.get(pollId) === key) continue;
      this.sent.set(pollId, key);
      this.deps.broadcaster.tally(this.debate.id, pollId, results, poll.visibility === 'live');
    }
  }

  /**
   * At most every TALLY_INTERVAL_MS, and no more than about 10 socket writes per ms:
   * 10,000 viewers get a tally per second, which keeps a vote storm's acks fast.
   */
  private tallyInterval(): number {
    return Math.max(this.deps.tallyIntervalMs, Math.ceil(this.deps.broadcaster.audience(this.debate.id) / 10));
  }
}
