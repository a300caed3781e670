// The contract of a mediasoup room with its owner (the debate's media session, debate-media-session.ts):
// options, the publish authorizer decided from the core's state, and the events the room emits.
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

export type MediasoupRoomEvent =
  | { type: 'producer:new'; producer: MediaProducerInfo }
  | { type: 'producer:closed'; producerId: string; participantId: string }
  | { type: 'producer:paused' | 'producer:resumed'; producerId: string; participantId: string }
  | { type: 'consumer:closed'; consumerId: string; participantId: string }
  /** Clients must create their transports again: all of them, or only `participantIds`. */
  | { type: 'reset'; reason: string; participantIds?: string[] };
export type MediasoupRoomListener = (event: MediasoupRoomEvent) => void;

export interface MediasoupRoomOptions {
  debateId: string;
  pool: WorkerPool;
  config: MediaConfig;
  authorizePublish: PublishAuthorizer;
  logger?: MediaLogger;
  /**
   * Serve viewers beyond maxConsumersPerRouter from edge routers (consumer-fanout.ts). Without it,
   * the limit is a hard cap: consumers past it are refused with TOO_MANY_CONSUMERS.
   */
  edgeRouters?: boolean;
}

export interface PlainTransportCreated {
  id: string;
  ip: string;
  port: number;
  rtcpPort: number | null;
}
