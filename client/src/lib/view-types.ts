// Types of what the server sends to a browser, all from the shared protocol
// (server/src/protocol/: zod schemas, the types derived from them, never written twice):
// the state:snapshot view, the wire shape of debate:event and poll:tally, the ack data of
// commands and votes. The client imports nothing else from the server.
export type { Ack, ErrorBody, Role } from '../../../server/src/protocol/common.ts';
export type { PollResults } from '../../../server/src/protocol/polls.ts';
export type {
  CommandResult,
  Snapshot,
  TallyMessage,
  TimeSyncReply,
  VoteReceipt,
  WireEvent,
} from '../../../server/src/protocol/realtime.ts';
export type { DebateReport, DebateDto, DebateListResponse, JoinResponse } from '../../../server/src/protocol/rest.ts';
export type { DebateView, PollView, QuestionView } from '../../../server/src/protocol/views.ts';
export type {
  AgendaSlot,
  Contribution,
  Floor,
  Poll,
  Question,
  QueueEntry,
  TurnRecord,
} from '../../../server/src/protocol/events/index.ts';

/** Who is looking: decides what the reducer may derive (staff see more); participantId null for the room display. */
export type { Viewer as ViewerInfo } from '../../../server/src/protocol/views.ts';
