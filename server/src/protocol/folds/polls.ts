// The fold of poll events over one viewer's polls view (what `state:snapshot` carries,
// see domain/polls/view.ts for what each viewer may see). Citizens never see others'
// proposals, and results follow the poll's visibility (live / after_close / hidden):
// redacted payloads (a proposal reduced to its id, results reduced to null) are folded
// as the server's view would show them. The server folds its full state instead
// (domain/polls/apply.ts); this is what a client folds.
import type { EventBody } from '../events/index.ts';
import { POLLS_EVENTS, type Poll } from '../events/polls.ts';
import type { PollResults } from '../polls.ts';
import type { PollsView, PollView, Viewer } from '../views.ts';
import { ignoreAnomaly, type OnAnomaly } from './policy.ts';

export type PollsEventType = keyof typeof POLLS_EVENTS;

export function isPollsEvent<E extends { type: string }>(e: E): e is Extract<E, { type: PollsEventType }> {
  return Object.hasOwn(POLLS_EVENTS, e.type);
}

/** Empty results of a poll (what the server shows before the first ballot). */
export function emptyResults(poll: Pick<Poll, 'kind' | 'options' | 'scaleMax'>): PollResults {
  const n = poll.kind === 'scale' ? (poll.scaleMax ?? 0) : poll.options.length;
  return { counts: new Array<number>(n).fill(0), totalBallots: 0 };
}

const isStaff = (viewer: Viewer) => viewer.role === 'moderator';

function find(polls: PollsView, pollId: string): PollView | undefined {
  return polls.polls.find((p) => p.id === pollId);
}

/** Insert in creation order (an approved proposal may arrive after newer polls). */
function insert(polls: PollsView, poll: Poll): void {
  if (find(polls, poll.id)) return;
  const view: PollView = { ...structuredClone(poll), results: null, myBallot: null };
  const i = polls.polls.findIndex((p) => p.createdAt > poll.createdAt);
  polls.polls.splice(i < 0 ? polls.polls.length : i, 0, view);
}

/** Fold one event into `polls` (mutated in place); other types are ignored. */
export function foldPollsView(polls: PollsView, e: EventBody, viewer: Viewer, onAnomaly: OnAnomaly = ignoreAnomaly): void {
  switch (e.type) {
    case 'poll:created':
      return insert(polls, e.payload.poll);
    case 'poll:proposed':
      // Others' proposals arrive reduced to their id: not part of this viewer's view.
      if ('poll' in e.payload) insert(polls, e.payload.poll);
      return;
    case 'poll:approved': {
      const p = e.payload;
      const known = find(polls, p.pollId);
      if (known) known.status = 'draft';
      else if (p.poll) insert(polls, { ...p.poll, status: 'draft' });
      else onAnomaly(`approved poll ${p.pollId} is unknown`);
      return;
    }
    case 'poll:rejected': {
      const p = e.payload;
      const known = find(polls, p.pollId);
      if (known) {
        known.status = 'rejected';
        known.rejectReason = p.reason;
      } else if (isStaff(viewer)) onAnomaly(`rejected poll ${p.pollId} is unknown`);
      return;
    }
    case 'poll:opened': {
      const p = e.payload;
      const poll = find(polls, p.pollId);
      if (!poll) return onAnomaly(`opened poll ${p.pollId} is unknown`);
      poll.status = 'open';
      poll.openedAt = p.openedAt;
      poll.closesAt = p.closesAt;
      poll.results = isStaff(viewer) || poll.visibility === 'live' ? emptyResults(poll) : null;
      return;
    }
    case 'poll:closed': {
      const p = e.payload;
      const poll = find(polls, p.pollId);
      if (!poll) return onAnomaly(`closed poll ${p.pollId} is unknown`);
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
