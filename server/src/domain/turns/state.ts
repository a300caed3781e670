// The speaking-turns slice of a debate's state: the queue, the floor (the turn being
// spoken), finished turns with their accounting, and the agenda of a template.
// Its shapes are the protocol's (protocol/events/turns.ts, protocol/views.ts): nothing
// in the slice is secret, so the state and every viewer's view are the same object type.
export type { AgendaSlot, Floor, QueueEntry, TurnEndReason, TurnRecord } from '../../protocol/events/turns.ts';
export type { TurnsView as TurnsState } from '../../protocol/views.ts';
