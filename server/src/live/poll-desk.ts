// The vote path of one live debate. Ballots are the architecture's exception to the
// event log: each is written to the `ballots` table (group commit, unique per poll and
// voter) and acknowledged once durable; the in-memory tally follows incrementally and is
// broadcast at most every TALLY_INTERVAL_MS. Closing a poll flushes pending ballots and
// takes the final result from the database count, so it is exact by construction.
import type { FastifyBaseLogger } from 'fastify';
import type { Clock } from '../clock.ts';
import { AppError } from '../errors.ts';
import type { Actor, DebateEvent } from '../domain/types.ts';
import {
  applyBallot,
  assertClosable,
  checkVotable,
  closePollDraft,
  createTally,
  normalizeChoices,
  resultsFromCount,
  tallyResults,
  type PollResults,
  type Tally,
} from '../domain/polls/index.ts';
import type { VoteReceipt } from '../protocol/realtime.ts';
import type { BallotBox, Broadcaster, CommandRecord, DebateWriter } from './ports.ts';

export interface PollDeskDeps {
  ballots: BallotBox;
  broadcaster: Broadcaster;
  clock: Clock;
  logger: FastifyBaseLogger;
  tallyIntervalMs: number;
}

export class PollDesk {
  private readonly talliesByPoll = new Map<string, Tally>();
  private readonly ballots = new Map<string, Map<string, number[]>>();
  private readonly closing = new Set<string>();
  private readonly dirty = new Set<string>();
  private tallyTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly debate: DebateWriter,
    private readonly deps: PollDeskDeps,
  ) {}

  openPollIds(): string[] {
    return Object.values(this.debate.state().polls.polls)
      .filter((p) => p.status === 'open')
      .map((p) => p.id);
  }

  /** After a restart: rebuild the tallies of open polls from the ballots table. */
  async restore(): Promise<void> {
    for (const pollId of this.openPollIds()) {
      const poll = this.debate.state().polls.polls[pollId]!;
      const tally = createTally(poll);
      const byVoter = new Map<string, number[]>();
      for (const b of await this.deps.ballots.load(pollId)) {
        applyBallot(tally, null, b.choices);
        byVoter.set(b.participantId, b.choices);
      }
      this.talliesByPoll.set(pollId, tally);
      this.ballots.set(pollId, byVoter);
    }
  }

  onEvent(e: DebateEvent): void {
    if (e.type === 'poll:opened') {
      const pollId = e.payload.pollId;
      const poll = this.debate.state().polls.polls[pollId];
      if (poll) {
        this.talliesByPoll.set(pollId, createTally(poll));
        this.ballots.set(pollId, new Map());
      }
    } else if (e.type === 'poll:closed') {
      const pollId = e.payload.pollId;
      this.talliesByPoll.delete(pollId);
      this.dirty.delete(pollId);
      this.closing.delete(pollId);
    }
  }

  /** Cast or change a ballot. Resolves once the ballot is durable in the database. */
  async vote(pollId: string, choices: number[], voter: { id: string }): Promise<VoteReceipt> {
    if (this.closing.has(pollId)) throw new AppError('POLL_CLOSED', 'This poll is closed');
    const poll = checkVotable(this.debate.state(), pollId, this.deps.clock.now());
    const normalized = normalizeChoices(poll, choices);
    const { receipt, version } = await this.deps.ballots.submit({
      debateId: this.debate.id,
      pollId,
      participantId: voter.id,
      choices: normalized,
      castAt: this.deps.clock.now(),
    });
    // Durable now; fold into the live tally (a changed ballot replaces the previous one).
    const tally = this.talliesByPoll.get(pollId);
    const byVoter = this.ballots.get(pollId);
    if (tally && byVoter) {
      applyBallot(tally, byVoter.get(voter.id) ?? null, normalized);
      byVoter.set(voter.id, normalized);
      this.markDirty(pollId);
    }
    return { pollId, choices: normalized, receipt, version };
  }

  /** Must run inside LiveDebate.run (single writer). */
  async closeNow(pollId: string, reason: 'moderator' | 'auto' | 'debate_ended', actor: Actor, command?: CommandRecord): Promise<DebateEvent[]> {
    assertClosable(this.debate.state(), pollId);
    this.closing.add(pollId);
    try {
      await this.deps.ballots.flush();
      const counted = await this.deps.ballots.count(pollId);
      const poll = this.debate.state().polls.polls[pollId]!;
      const results = resultsFromCount(poll, counted);
      const live = this.talliesByPoll.get(pollId);
      if (live && tallyResults(live).totalBallots !== results.totalBallots) {
        this.deps.logger.warn({ pollId, live: tallyResults(live), counted: results }, 'live tally differed from the database count');
      }
      const now = this.deps.clock.now();
      return await this.debate.commit([closePollDraft(this.debate.state(), pollId, reason, results, now)], actor, now, command);
    } catch (err) {
      this.closing.delete(pollId);
      throw err;
    }
  }

  tallies(): Record<string, PollResults> {
    const out: Record<string, PollResults> = {};
    for (const [pollId, t] of this.talliesByPoll) out[pollId] = tallyResults(t);
    return out;
  }

  ballotsOf(participantId: string): Record<string, number[]> {
    const out: Record<string, number[]> = {};
    for (const [pollId, byVoter] of this.ballots) {
      const b = byVoter.get(participantId);
      if (b) out[pollId] = b;
    }
    return out;
  }

  async close(): Promise<void> {
    if (this.tallyTimer) clearTimeout(this.tallyTimer);
    this.tallyTimer = null;
    await this.deps.ballots.flush();
  }

  /**
   * Trailing edge: a tally leaves one interval after the first change it carries. Sent at
   * once, the first ballot of a storm cost a write to every socket for one vote, and a
   * one-second storm two fan-outs instead of one.
   */
  private markDirty(pollId: string): void {
    this.dirty.add(pollId);
    if (this.tallyTimer) return;
    this.tallyTimer = setTimeout(() => this.emitTallies(), this.tallyInterval());
    this.tallyTimer.unref?.();
  }

  /**
   * At most every TALLY_INTERVAL_MS, and no more than about 10 socket writes per ms:
   * 10,000 viewers get a tally per second, which keeps a vote storm's acks fast.
   */
  private tallyInterval(): number {
    return Math.max(this.deps.tallyIntervalMs, Math.ceil(this.deps.broadcaster.audience(this.debate.id) / 10));
  }

  private emitTallies(): void {
    this.tallyTimer = null;
    for (const pollId of this.dirty) {
      const tally = this.talliesByPoll.get(pollId);
      const poll = this.debate.state().polls.polls[pollId];
      if (!tally || !poll) continue;
      this.deps.broadcaster.tally(this.debate.id, pollId, tallyResults(tally), poll.visibility === 'live');
    }
    this.dirty.clear();
  }
}
