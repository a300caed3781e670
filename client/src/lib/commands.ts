// The client → server events a page may send: name → zod schema (from the shared
// protocol) and the type of the ack's `data`. Payloads are checked with the same schema
// before they leave the browser, so a bad form gets a clear error without a round trip.
import type { z } from 'zod';
import {
  EmptySchema,
  PollCloseSchema,
  PollVoteSchema,
  StateResyncSchema,
  TimeSyncSchema,
} from '../../../server/src/protocol/realtime.ts';
import {
  AgendaAdvanceSchema,
  FloorEndSchema,
  FloorExtendSchema,
  FloorGrantSchema,
  FloorPauseSchema,
  FloorResumeSchema,
  QueueLowerSchema,
  QueueMoveSchema,
  QueuePrioritizeSchema,
  QueueRaiseSchema,
  QueueRemoveSchema,
} from '../../../server/src/protocol/turns.ts';
import {
  PollApproveSchema,
  PollCreateSchema,
  PollOpenSchema,
  PollProposeSchema,
  PollRejectSchema,
} from '../../../server/src/protocol/polls.ts';
import {
  ContributionDismissSchema,
  ContributionReadSchema,
  ContributionSubmitSchema,
  QuestionAskSchema,
  QuestionRefSchema,
} from '../../../server/src/protocol/questions.ts';
import { ScreenHidePollSchema, ScreenShowQuestionSchema } from '../../../server/src/protocol/screen.ts';
import { CaptionDisplaySetSchema, CaptionWriteSchema } from '../../../server/src/protocol/captions.ts';
import type { CommandResult, Snapshot, TimeSyncReply, VoteReceipt } from './view-types.ts';

export const COMMANDS = {
  'time:sync': TimeSyncSchema,
  'state:resync': StateResyncSchema,
  'debate:start': EmptySchema,
  'debate:end': EmptySchema,
  'poll:vote': PollVoteSchema,
  'poll:close': PollCloseSchema,
  'queue:raise': QueueRaiseSchema,
  'queue:lower': QueueLowerSchema,
  'queue:move': QueueMoveSchema,
  'queue:remove': QueueRemoveSchema,
  'queue:prioritize': QueuePrioritizeSchema,
  'floor:grant': FloorGrantSchema,
  'floor:pause': FloorPauseSchema,
  'floor:resume': FloorResumeSchema,
  'floor:extend': FloorExtendSchema,
  'floor:end': FloorEndSchema,
  'agenda:advance': AgendaAdvanceSchema,
  'poll:create': PollCreateSchema,
  'poll:propose': PollProposeSchema,
  'poll:approve': PollApproveSchema,
  'poll:reject': PollRejectSchema,
  'poll:open': PollOpenSchema,
  'question:ask': QuestionAskSchema,
  'question:upvote': QuestionRefSchema,
  'question:approve': QuestionRefSchema,
  'question:hide': QuestionRefSchema,
  'question:answer': QuestionRefSchema,
  'contribution:submit': ContributionSubmitSchema,
  'contribution:read': ContributionReadSchema,
  'contribution:dismiss': ContributionDismissSchema,
  'screen:show-question': ScreenShowQuestionSchema,
  'screen:hide-poll': ScreenHidePollSchema,
  'caption:write': CaptionWriteSchema,
  'caption:display': CaptionDisplaySetSchema,
} as const satisfies Record<string, z.ZodType>;

export type CommandName = keyof typeof COMMANDS;

/** What a page passes (schema input: defaults may be omitted). */
export type CommandPayload<E extends CommandName> = z.input<(typeof COMMANDS)[E]>;

/** The ack `data` of each event. */
export type CommandData<E extends CommandName> = E extends 'time:sync'
  ? TimeSyncReply
  : E extends 'state:resync'
    ? Snapshot
    : E extends 'poll:vote'
      ? VoteReceipt
      : CommandResult;
