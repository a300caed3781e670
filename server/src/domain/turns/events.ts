// Payload shapes of the events the turns module produces. The schemas are the contract
// (protocol/events/turns.ts): the database projections, the media layer (floor:granted /
// paused / resumed / expired / ended) and the clients read these exact shapes.
export type {
  AgendaAdvanced,
  AgendaEntered,
  FloorEnded,
  FloorExpired,
  FloorExtended,
  FloorGranted,
  FloorOvertime,
  FloorPaused,
  FloorResumed,
  FloorWarning,
  QueueLowered,
  QueueMoved,
  QueuePrioritized,
  QueueRaised,
  QueueRemoved,
} from '../../protocol/events/turns.ts';
export type { TurnsEventType } from '../../protocol/folds/turns.ts';
export { draft } from '../../protocol/events/index.ts';
