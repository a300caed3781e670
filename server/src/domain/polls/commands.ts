// The polls command table: client event name -> payload schema, roles allowed to send
// it (checked by the gateway), and the decision. Voting and closing are not here: they
// go through the application layer (ballot store, database count).
import {
  PollApproveSchema,
  PollCreateSchema,
  PollOpenSchema,
  PollProposeSchema,
  PollRejectSchema,
} from '../../protocol/polls.ts';
import type { CommandTable } from '../state.ts';
import { decideApprove, decideCreate, decideOpen, decidePropose, decideReject } from './lifecycle.ts';

const MODERATOR = ['moderator'] as const;
const CITIZENS = ['participant', 'speaker'] as const;

export const pollsCommands: CommandTable = {
  'poll:create': { schema: PollCreateSchema, roles: MODERATOR, decide: decideCreate },
  'poll:propose': { schema: PollProposeSchema, roles: CITIZENS, decide: decidePropose },
  'poll:approve': { schema: PollApproveSchema, roles: MODERATOR, decide: decideApprove },
  'poll:reject': { schema: PollRejectSchema, roles: MODERATOR, decide: decideReject },
  'poll:open': { schema: PollOpenSchema, roles: MODERATOR, decide: decideOpen },
};
