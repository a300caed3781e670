// Payload shapes of the events the turns module produces. The database projections,
// the media layer (floor:granted / paused / resumed / expired / ended) and the clients
// read these exact shapes: change them only together with their consumers.
import type { Role } from '../../protocol/common.ts';
import type { InterventionMode } from '../../protocol/modalities.ts';
import type { QueueEntry, TurnEndReason } from './state.ts';

export interface QueueRaised { entry: QueueEntry; position: number }
export interface QueueLowered { participantId: string }
export interface QueueMoved { participantId: string; position: number }
export interface QueueRemoved { participantId: string }
export interface QueuePrioritized { participantId: string }

export interface FloorGranted {
  turnId: string;
  participantId: string;
  name: string;
  role: Role;
  group: string | null;
  mode: InterventionMode;
  allottedMs: number;
  grantedAt: number;
  deadline: number;
  agendaSlotId: string | null;
  contributionId: string | null;
  /** The allotted time was cut down to what remains of the group's quota. */
  cappedByQuota: boolean;
  /** When the media layer cuts the microphone (timing.ts micCutAt); null: never. */
  cutAt: number | null;
}

export interface FloorPaused { turnId: string; pausedAt: number; remainingMs: number; spokenMs: number }
export interface FloorResumed {
  turnId: string;
  resumedAt: number;
  deadline: number;
  /** When the media layer cuts the microphone; null: never. */
  cutAt: number | null;
}
export interface FloorExtended {
  turnId: string;
  addedMs: number;
  allottedMs: number;
  /** null while paused. */
  deadline: number | null;
  remainingMs: number;
  /** When the media layer cuts the microphone; null: never (or paused). */
  cutAt: number | null;
}
export interface FloorWarning { turnId: string; thresholdSeconds: number; remainingMs: number }
export interface FloorOvertime { turnId: string; since: number }

/** Hard expiry: the media layer cuts the microphone on this one. */
export interface FloorExpired {
  turnId: string;
  participantId: string;
  endedAt: number;
  spokenMs: number;
  overtimeMs: 0;
  reason: 'expired';
}

export interface FloorEnded {
  turnId: string;
  participantId: string;
  endedAt: number;
  spokenMs: number;
  overtimeMs: number;
  reason: Exclude<TurnEndReason, 'expired'>;
}

export interface AgendaAdvanced { slotId: string }

export interface TurnsEventPayloads {
  'queue:raised': QueueRaised;
  'queue:lowered': QueueLowered;
  'queue:moved': QueueMoved;
  'queue:removed': QueueRemoved;
  'queue:prioritized': QueuePrioritized;
  'floor:granted': FloorGranted;
  'floor:paused': FloorPaused;
  'floor:resumed': FloorResumed;
  'floor:extended': FloorExtended;
  'floor:warning': FloorWarning;
  'floor:overtime': FloorOvertime;
  'floor:expired': FloorExpired;
  'floor:ended': FloorEnded;
  'agenda:advanced': AgendaAdvanced;
}

export type TurnsEventType = keyof TurnsEventPayloads;

/** A typed draft: `draft('floor:paused', {...})` checks the payload against its type. */
export function draft<T extends TurnsEventType>(type: T, payload: TurnsEventPayloads[T]) {
  return { type, payload };
}
