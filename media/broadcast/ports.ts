// What the broadcast needs beyond mediasoup and FFmpeg, implemented by the composition
// root (server/src/media-wiring/broadcast-wiring.ts): the debate's RTMP destinations with
// their stream keys (the only place a key is read), and the debate's timeline.
import type { TimelineActor, TimelineEntry } from '../recording/ports.ts';
import type { PushDestination } from './pusher.ts';

export interface DestinationSource {
  /** The debate's destinations, keys included (for the pushes only). */
  list(debateId: string): Promise<PushDestination[]>;
}

export interface BroadcastTimeline {
  append(debateId: string, entry: TimelineEntry, by?: TimelineActor): Promise<void>;
  entries(debateId: string): Promise<readonly TimelineEntry[]>;
}
