// Ballots on any node: the node that receives a ballot checks it against the poll's
// definition (read once from the database, it never changes) and writes it itself
// through the ballot writer (group commit), without forwarding it to the debate's owner.
// Whether the poll still takes ballots, and the voter's order, are decided by the
// statement that stores it (db/ballot-store.ts), so every node decides alike; the owner
// learns of the new rows by recounting them (poll-desk.ts). One code path for one node
// and for several.
import type { Clock } from '../clock.ts';
import { AppError } from '../errors.ts';
import { normalizeChoices, type PollKind, type ScaleMax } from '../domain/polls/index.ts';
import { unavailableIfAway } from '../db/availability.ts';
import type { VoteReceipt } from '../protocol/realtime.ts';
import type { BallotBox, BallotPoll } from './ports.ts';

export interface BallotIntakeDeps {
  ballots: BallotBox;
  clock: Clock;
  /** Told of every stored ballot (the owner on this node recounts sooner). */
  onStored(debateId: string, pollId: string): void;
}

export interface BallotRequest {
  debateId: string;
  pollId: string;
  choices: number[];
  voterId: string;
  /** The voter's own sequence number (protocol/realtime.ts, PollVoteSchema). */
  seq?: number | undefined;
}

/** Poll definitions kept per node; a bound so that a long-running node does not grow. */
const MAX_CACHED = 10_000;

export class BallotIntake {
  private readonly definitions = new Map<string, BallotPoll>();

  constructor(private readonly deps: BallotIntakeDeps) {}

  /** Check, store, acknowledge: resolves once the ballot is durable (or refused). */
  async vote(req: BallotRequest): Promise<VoteReceipt> {
    const poll = await this.definition(req.pollId);
    if (!poll || poll.debateId !== req.debateId) throw new AppError('POLL_NOT_FOUND', `no poll "${req.pollId}" in this debate`);
    const choices = normalizeChoices(
      { kind: poll.kind as PollKind, options: poll.options, maxChoices: poll.maxChoices, scaleMax: poll.scaleMax as ScaleMax | null },
      req.choices,
    );
    const { receipt, version } = await this.deps.ballots.submit({
      debateId: req.debateId,
      pollId: req.pollId,
      participantId: req.voterId,
      choices,
      castAt: this.deps.clock.now(),
      clientSeq: req.seq,
    });
    this.deps.onStored(req.debateId, req.pollId);
    return { pollId: req.pollId, choices, receipt, version };
  }

  private async definition(pollId: string): Promise<BallotPoll | null> {
    const cached = this.definitions.get(pollId);
    if (cached) return cached;
    let found: BallotPoll | null;
    try {
      found = await this.deps.ballots.poll(pollId);
    } catch (err) {
      throw unavailableIfAway(err);
    }
    if (!found) return null;
    if (this.definitions.size >= MAX_CACHED) this.definitions.delete(this.definitions.keys().next().value!);
    this.definitions.set(pollId, found);
    return found;
  }
}
