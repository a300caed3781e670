// What each viewer may see of the polls: proposals stay between their author and the
// moderators, and results follow the poll's visibility. Also the per-viewer redaction
// of poll events (every viewer gets every seq, some with a reduced payload).
import type { DebateStatus } from '../../protocol/modalities.ts';
import type { PollsView, PollView } from '../../protocol/views.ts';
import type { DebateState, Viewer } from '../state.ts';
import type { DebateEvent, ViewerEvent } from '../types.ts';
import type { Poll, PollResults } from './state.ts';
import { createTally, tallyResults } from './tally.ts';

export type { PollsView, PollView };

const isStaff = (viewer: Viewer) => viewer.role === 'moderator';

/** Proposed (and rejected) polls: moderators and the proposer only. */
export function pollVisibleTo(poll: Poll, viewer: Viewer): boolean {
  if (isStaff(viewer) || (poll.status !== 'proposed' && poll.status !== 'rejected')) return true;
  return poll.proposedBy !== null && poll.proposedBy === viewer.participantId;
}

export function resultsVisibleTo(poll: Poll, viewer: Viewer, debateStatus: DebateStatus): boolean {
  if (isStaff(viewer)) return true;
  switch (poll.visibility) {
    case 'live':
      return true;
    case 'after_close':
      return poll.status === 'closed';
    case 'hidden':
      return debateStatus === 'ended' || debateStatus === 'archived';
  }
}

export function viewPolls(
  state: DebateState,
  viewer: Viewer,
  tallies: Record<string, PollResults>,
  myBallots: Record<string, number[]>,
): PollsView {
  const polls: PollView[] = [];
  for (const id of state.polls.order) {
    const poll = state.polls.polls[id]!;
    if (!pollVisibleTo(poll, viewer)) continue;
    let results: PollResults | null = null;
    if (resultsVisibleTo(poll, viewer, state.status)) {
      if (poll.status === 'closed') results = poll.results;
      else if (poll.status === 'open') results = tallies[id] ?? tallyResults(createTally(poll));
    }
    const mine = Object.hasOwn(myBallots, id) ? myBallots[id] : undefined;
    // Deep copies: the view is serialized later, after the live state may have moved on.
    polls.push(structuredClone({ ...poll, results, myBallot: mine ?? null }));
  }
  return { polls };
}

/**
 * The poll event one viewer receives. Returns the same object when nothing is hidden
 * (the broadcaster relies on identity to send one copy to everyone).
 */
export function redactPollsEvent(event: DebateEvent, viewer: Viewer): ViewerEvent {
  if (isStaff(viewer)) return event;
  if (event.type === 'poll:proposed') {
    const { poll } = event.payload;
    if (poll.proposedBy !== null && poll.proposedBy === viewer.participantId) return event;
    return { ...event, payload: { pollId: poll.id } };
  }
  if (event.type === 'poll:closed') {
    // A poll is always closed while the debate is live (debate end closes polls first),
    // so only the visibility decides: `hidden` results wait for the debate's end (they
    // are in the state view then).
    const p = event.payload;
    if (p.visibility === 'live' || p.visibility === 'after_close') return event;
    return { ...event, payload: { ...p, results: null } };
  }
  return event;
}
