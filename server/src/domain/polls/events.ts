// Payload shapes of the poll events. The schemas are the contract (protocol/events/polls.ts):
// the database projections (db/projections.ts) and the clients read these exact shapes.
export type {
  PollApproved,
  PollClosed,
  PollClosedRedacted,
  PollCreated,
  PollOpened,
  PollProposed,
  PollProposedRedacted,
  PollRejected,
} from '../../protocol/events/polls.ts';
export type { PollsEventType } from '../../protocol/folds/polls.ts';
export { draft } from '../../protocol/events/index.ts';
