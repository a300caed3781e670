// The fold of poll events into state.polls. Deterministic: it reads only the event and
// the state (never a clock), so replaying the log rebuilds the same state. An event
// naming an unknown poll is a no-op.
import type { DebateState } from '../state.ts';
import type { DebateEvent } from '../types.ts';
import type { PollsEventPayloads, PollsEventType } from './events.ts';
import type { Poll, PollsState } from './state.ts';

type Folder<T extends PollsEventType> = (polls: PollsState, p: PollsEventPayloads[T]) => void;

function insert(polls: PollsState, poll: Poll): void {
  if (Object.hasOwn(polls.polls, poll.id)) return;
  // A copy: the event payload is also broadcast and must not alias the live state.
  polls.polls[poll.id] = structuredClone(poll);
  polls.order.push(poll.id);
}

function onPoll<T extends PollsEventType>(fn: (poll: Poll, p: PollsEventPayloads[T]) => void): Folder<T> {
  return (polls, p) => {
    const id = (p as { pollId: string }).pollId;
    const poll = Object.hasOwn(polls.polls, id) ? polls.polls[id] : undefined;
    if (poll) fn(poll, p);
  };
}

const FOLDERS: { [T in PollsEventType]: Folder<T> } = {
  'poll:created': (polls, p) => insert(polls, p.poll),
  'poll:proposed': (polls, p) => insert(polls, p.poll),
  'poll:approved': onPoll<'poll:approved'>((poll) => {
    poll.status = 'draft';
  }),
  'poll:rejected': onPoll<'poll:rejected'>((poll, p) => {
    poll.status = 'rejected';
    poll.rejectReason = p.reason;
  }),
  'poll:opened': onPoll<'poll:opened'>((poll, p) => {
    poll.status = 'open';
    poll.openedAt = p.openedAt;
    poll.closesAt = p.closesAt;
  }),
  'poll:closed': onPoll<'poll:closed'>((poll, p) => {
    poll.status = 'closed';
    poll.closedAt = p.closedAt;
    poll.closeReason = p.reason;
    poll.results = structuredClone(p.results);
  }),
};

export function applyPolls(state: DebateState, event: DebateEvent): void {
  if (!Object.hasOwn(FOLDERS, event.type)) return;
  const fold = FOLDERS[event.type as PollsEventType] as Folder<PollsEventType>;
  fold(state.polls, event.payload as never);
}
