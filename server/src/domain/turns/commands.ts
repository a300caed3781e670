// The turns command table: client event name -> payload schema, roles allowed to send
// it (checked by the gateway), and the decision. Domain refusals are AppErrors.
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
} from '../../protocol/turns.ts';
import type { CommandTable } from '../state.ts';
import { decideAdvance } from './agenda.ts';
import { decideEnd, decideExtend, decideGrant, decidePause, decideResume } from './floor.ts';
import { decideLower, decideMove, decidePrioritize, decideRaise, decideRemove } from './queue.ts';

const MODERATOR = ['moderator'] as const;
const CITIZENS = ['participant', 'speaker'] as const;

export const turnsCommands: CommandTable = {
  'queue:raise': { schema: QueueRaiseSchema, roles: CITIZENS, decide: decideRaise },
  'queue:lower': { schema: QueueLowerSchema, roles: CITIZENS, decide: decideLower },
  'queue:move': { schema: QueueMoveSchema, roles: MODERATOR, decide: decideMove },
  'queue:remove': { schema: QueueRemoveSchema, roles: MODERATOR, decide: decideRemove },
  'queue:prioritize': { schema: QueuePrioritizeSchema, roles: MODERATOR, decide: decidePrioritize },
  'floor:grant': { schema: FloorGrantSchema, roles: MODERATOR, decide: decideGrant },
  'floor:pause': { schema: FloorPauseSchema, roles: MODERATOR, decide: decidePause },
  'floor:resume': { schema: FloorResumeSchema, roles: MODERATOR, decide: decideResume },
  'floor:extend': { schema: FloorExtendSchema, roles: MODERATOR, decide: decideExtend },
  // The holder may yield; decideEnd refuses any other non-moderator.
  'floor:end': { schema: FloorEndSchema, roles: ['moderator', 'participant', 'speaker'], decide: decideEnd },
  'agenda:advance': { schema: AgendaAdvanceSchema, roles: MODERATOR, decide: decideAdvance },
};
