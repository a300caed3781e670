// Types of what the server sends to a browser, derived from the server's own view
// functions and protocol schemas (one contract, never written twice): the state:snapshot
// view, the wire shape of debate:event and poll:tally, and the ack of every emit.
import type { DebateView } from '../../../server/src/domain/debate.ts';
import type { DebateEvent } from '../../../server/src/domain/types.ts';
import type { PollResults } from '../../../server/src/protocol/polls.ts';
import type { Role } from '../../../server/src/protocol/common.ts';

export type { DebateView, PollResults, Role };
export type { Ack, ErrorBody } from '../../../server/src/protocol/common.ts';
export type { TimeSyncReply } from '../../../server/src/protocol/realtime.ts';
export type { DebateReport, DebateDto, JoinResponse } from '../../../server/src/protocol/rest.ts';
export type { Floor, QueueEntry, TurnRecord, AgendaSlot } from '../../../server/src/domain/turns/state.ts';
export type * as TurnEvents from '../../../server/src/domain/turns/events.ts';
export type * as PollEvents from '../../../server/src/domain/polls/events.ts';
export type * as QuestionEvents from '../../../server/src/domain/questions/events.ts';
export type { PollView } from '../../../server/src/domain/polls/view.ts';
export type { QuestionView } from '../../../server/src/domain/questions/view.ts';
export type { Contribution } from '../../../server/src/domain/questions/state.ts';
export type { Poll } from '../../../server/src/domain/polls/state.ts';

/** `state:snapshot` and the ack of `state:resync`. */
export interface Snapshot {
  seq: number;
  serverTime: number;
  state: DebateView;
}

/** `debate:event` as broadcast (the debate id is implied by the connection). */
export type WireEvent = Omit<DebateEvent, 'debateId'>;

/** `poll:tally`: live results, not part of the log. */
export interface TallyMessage {
  pollId: string;
  results: PollResults;
  at: number;
}

/** Who is looking: decides what the reducer may derive (staff see more). */
export interface ViewerInfo {
  role: Role;
  /** null for the room display. */
  participantId: string | null;
}

/** The ack `data` of a domain command. */
export interface CommandResult {
  seq: number;
  events: { seq: number; type: string }[];
  pollId?: string;
  questionId?: string;
  contributionId?: string;
  turnId?: string;
}
