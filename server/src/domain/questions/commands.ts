// The questions command table: client event name -> payload schema, roles allowed to
// send it (checked by the gateway), and the decision. Domain refusals are AppErrors.
import {
  ContributionDismissSchema,
  ContributionReadSchema,
  ContributionSubmitSchema,
  QuestionAnswerSchema,
  QuestionApproveSchema,
  QuestionAskSchema,
  QuestionHideSchema,
  QuestionUpvoteSchema,
} from '../../protocol/questions.ts';
import type { CommandTable } from '../state.ts';
import { decideAnswer, decideApprove, decideAsk, decideHide, decideUpvote } from './board.ts';
import { decideDismiss, decideRead, decideSubmit } from './contributions.ts';

const MODERATOR = ['moderator'] as const;
const CITIZENS = ['participant', 'speaker'] as const;

export const questionsCommands: CommandTable = {
  'question:ask': { schema: QuestionAskSchema, roles: CITIZENS, decide: decideAsk },
  'question:upvote': { schema: QuestionUpvoteSchema, roles: CITIZENS, decide: decideUpvote },
  'question:approve': { schema: QuestionApproveSchema, roles: MODERATOR, decide: decideApprove },
  'question:hide': { schema: QuestionHideSchema, roles: MODERATOR, decide: decideHide },
  'question:answer': { schema: QuestionAnswerSchema, roles: MODERATOR, decide: decideAnswer },
  'contribution:submit': { schema: ContributionSubmitSchema, roles: CITIZENS, decide: decideSubmit },
  'contribution:read': { schema: ContributionReadSchema, roles: MODERATOR, decide: decideRead },
  'contribution:dismiss': { schema: ContributionDismissSchema, roles: MODERATOR, decide: decideDismiss },
};
