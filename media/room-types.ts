// The contract of a media room with its owner (the debates registry): options, the
// publish authorizer the debate core supplies, and the events the room emits.
import type { MediaConfig } from './config.ts';
import type { MediaLogger } from './logger.ts';
import type { WorkerPool } from './worker-pool.ts';
import type { MediaAppData, MediaKind, MediaProducerInfo } from '../server/src/protocol/media.ts';

export interface PublishRequest {
  debateId: string;
  participantId: string;
  kind: MediaKind;
  appData: MediaAppData;
}
/** Answers from the debate core's state; may throw an AppError to refuse with its own code. */
export type PublishAuthorizer = (request: PublishRequest) => boolean | Promise<boolean>;

export type MediaRoomEvent =
  | { type: 'producer:new'; producer: MediaProducerInfo }
  | { type: 'producer:closed'; producerId: string; participantId: string }
  | { type: 'producer:paused' | 'producer:resumed'; producerId: string; participantId: string }
  | { type: 'consumer:closed'; consumerId: string; participantId: string }
  | { type: 'reset'; reason: string };
export type MediaRoomListener = (event: MediaRoomEvent) => void;

export interface MediaRoomOptions {
  debateId: string;
  pool: WorkerPool;
  config: MediaConfig;
  authorizePublish: PublishAuthorizer;
  logger?: MediaLogger;
}

export interface PlainTransportCreated {
  id: string;
  ip: string;
  port: number;
  rtcpPort: number | null;
}
