// Client fold of the poll events over the polls view (the protocol's shared view fold,
// server/src/protocol/folds/polls.ts), plus live tallies and this viewer's ballots,
// which are not events of the log. An event that does not fit diverges (resync).
import { foldPollsView, isPollsEvent } from '../../../../server/src/protocol/folds/polls.ts';
import type { DebateView, PollResults, PollView } from '../view-types.ts';
import { diverged, withSlice, type SliceReducer } from './common.ts';

export { emptyResults } from '../../../../server/src/protocol/folds/polls.ts';

function find(polls: DebateView['polls'], pollId: string): PollView | undefined {
  return polls.polls.find((p) => p.id === pollId);
}

export const reducePolls: SliceReducer = (view, e, viewer) => {
  if (!isPollsEvent(e)) return undefined;
  return { view: withSlice(view, 'polls', (polls) => foldPollsView(polls, e, viewer, diverged)) };
};

/** A live tally: replaces the results of an open poll; anything else is ignored. */
export function applyTally(view: DebateView, pollId: string, results: PollResults): DebateView {
  const poll = find(view.polls, pollId);
  if (!poll || poll.status !== 'open') return view;
  return withSlice(view, 'polls', (polls) => {
    find(polls, pollId)!.results = structuredClone(results);
  });
}

/** This viewer's ballot, acknowledged by the server (not an event of the log). */
export function applyMyBallot(view: DebateView, pollId: string, choices: number[]): DebateView {
  if (!find(view.polls, pollId)) return view;
  return withSlice(view, 'polls', (polls) => {
    find(polls, pollId)!.myBallot = [...choices];
  });
}
