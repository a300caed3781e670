// Client fold of the poll events over the polls view, plus live tallies. The view is
// per viewer: citizens never see others' proposals, and results follow the poll's
// visibility (live / after_close / hidden). Redacted payloads (a proposal reduced to its
// id, closed results reduced to null) are folded as the server's view would show them.
import type { DebateView, Poll, PollEvents, PollResults, PollView, ViewerInfo, WireEvent } from '../view-types.ts';
import { diverged, isStaff, withSlice, type SliceReducer } from './common.ts';

type Polls = DebateView['polls'];

/** Empty results of a poll (what the server shows before the first ballot). */
export function emptyResults(poll: Pick<Poll, 'kind' | 'options' | 'scaleMax'>): PollResults {
  const n = poll.kind === 'scale' ? (poll.scaleMax ?? 0) : poll.options.length;
  return { counts: new Array<number>(n).fill(0), totalBallots: 0 };
}

function find(polls: Polls, pollId: string): PollView | undefined {
  return polls.polls.find((p) => p.id === pollId);
}

/** Insert in creation order (an approved proposal may arrive after newer polls). */
function insert(polls: Polls, poll: Poll): void {
  if (find(polls, poll.id)) return;
  const view: PollView = { ...structuredClone(poll), results: null, myBallot: null };
  const i = polls.polls.findIndex((p) => p.createdAt > poll.createdAt);
  polls.polls.splice(i < 0 ? polls.polls.length : i, 0, view);
}

function fold(polls: Polls, e: WireEvent, viewer: ViewerInfo): void {
  switch (e.type) {
    case 'poll:created':
      insert(polls, (e.payload as PollEvents.PollCreated).poll);
      return;
    case 'poll:proposed': {
      // Others' proposals arrive reduced to their id: not part of this viewer's view.
      const p = e.payload as PollEvents.PollProposed | PollEvents.PollProposedRedacted;
      if ('poll' in p) insert(polls, p.poll);
      return;
    }
    case 'poll:approved': {
      const p = e.payload as PollEvents.PollApproved;
      const known = find(polls, p.pollId);
      if (known) known.status = 'draft';
      else if (p.poll) insert(polls, { ...p.poll, status: 'draft' });
      else diverged(`approved poll ${p.pollId} is unknown`);
      return;
    }
    case 'poll:rejected': {
      const p = e.payload as PollEvents.PollRejected;
      const known = find(polls, p.pollId);
      if (known) {
        known.status = 'rejected';
        known.rejectReason = p.reason;
      } else if (isStaff(viewer)) diverged(`rejected poll ${p.pollId} is unknown`);
      return;
    }
    case 'poll:opened': {
      const p = e.payload as PollEvents.PollOpened;
      const poll = find(polls, p.pollId) ?? diverged(`opened poll ${p.pollId} is unknown`);
      poll.status = 'open';
      poll.openedAt = p.openedAt;
      poll.closesAt = p.closesAt;
      poll.results = isStaff(viewer) || poll.visibility === 'live' ? emptyResults(poll) : null;
      return;
    }
    case 'poll:closed': {
      const p = e.payload as PollEvents.PollClosed | PollEvents.PollClosedRedacted;
      const poll = find(polls, p.pollId) ?? diverged(`closed poll ${p.pollId} is unknown`);
      poll.status = 'closed';
      poll.closedAt = p.closedAt;
      poll.closeReason = p.reason;
      poll.results = p.results === null ? null : structuredClone(p.results);
      return;
    }
    default:
      return;
  }
}

const TYPES = new Set(['poll:created', 'poll:proposed', 'poll:approved', 'poll:rejected', 'poll:opened', 'poll:closed']);

export const reducePolls: SliceReducer = (view, e, viewer) => {
  if (!TYPES.has(e.type)) return undefined;
  return { view: withSlice(view, 'polls', (polls) => fold(polls, e, viewer)) };
};

/** A live tally: replaces the results of an open poll; anything else is ignored. */
export function applyTally(view: DebateView, pollId: string, results: PollResults): DebateView {
  const poll = view.polls.polls.find((p) => p.id === pollId);
  if (!poll || poll.status !== 'open') return view;
  return withSlice(view, 'polls', (polls) => {
    find(polls, pollId)!.results = structuredClone(results);
  });
}

/** This viewer's ballot, acknowledged by the server (not an event of the log). */
export function applyMyBallot(view: DebateView, pollId: string, choices: number[]): DebateView {
  if (!view.polls.polls.some((p) => p.id === pollId)) return view;
  return withSlice(view, 'polls', (polls) => {
    find(polls, pollId)!.myBallot = [...choices];
  });
}
