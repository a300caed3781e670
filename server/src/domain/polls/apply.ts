// The fold of poll events into state.polls. Deterministic: it reads only the event and
// the state (never a clock), so replaying the log rebuilds the same state. An event
// naming an unknown poll is a no-op.
import type { DebateState } from '../state.ts';
import type { DebateEvent } from '../types.ts';
import type { Poll, PollsState } from './state.ts';

function insert(polls: PollsState, poll: Poll): void {
  if (Object.hasOwn(polls.polls, poll.id)) return;
  // A copy: the event payload is also broadcast and must not alias the live state.
  polls.polls[poll.id] = structuredClone(poll);
  polls.order.push(poll.id);
}

function find(polls: PollsState, id: string): Poll | undefined {
  return Object.hasOwn(polls.polls, id) ? polls.polls[id] : undefined;
}

export function applyPolls(state: DebateState, event: DebateEvent): void {
  const polls = state.polls;
  switch (event.type) {
    case 'poll:created':
    case 'poll:proposed':
      return insert(polls, event.payload.poll);
    case 'poll:approved': {
      const poll = find(polls, event.payload.pollId);
      if (poll) poll.status = 'draft';
      return;
    }
    case 'poll:rejected': {
      const poll = find(polls, event.payload.pollId);
      if (!poll) return;
      poll.status = 'rejected';
      poll.rejectReason = event.payload.reason;
      return;
    }
    case 'poll:opened': {
      const poll = find(polls, event.payload.pollId);
      if (!poll) return;
      poll.status = 'open';
      poll.openedAt = event.payload.openedAt;
      poll.closesAt = event.payload.closesAt;
      return;
    }
    case 'poll:closed': {
      const poll = find(polls, event.payload.pollId);
      if (!poll) return;
      poll.status = 'closed';
      poll.closedAt = event.payload.closedAt;
      poll.closeReason = event.payload.reason;
      poll.results = structuredClone(event.payload.results);
      return;
    }
    default:
      return;
  }
}
