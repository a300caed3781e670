// The composition root of the media layer: builds the MediaManager (mediasoup workers,
// media sessions, floor bridge) and the RecordingManager, and wires them to the rest of
// the server through media/'s ports: the live debates (floor signals translated from
// committed events, the floor view, timeline appends), the database (recording rows) and
// Socket.IO (pushes, the media:* table, connections). app.ts calls openMediaLayer only
// when MEDIA_ENABLED, with a dynamic import: importing this starts nothing, and with media
// disabled nothing of mediasoup is loaded.
import type { Server, Socket } from 'socket.io';
import type { FastifyBaseLogger } from 'fastify';
import type { TokenClaims } from '../auth/claims.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/client.ts';
import type { DebateState } from '../domain/state.ts';
import type { Actor, DebateEvent, EventDraft } from '../domain/types.ts';
import type { EventHandler } from '../realtime/handlers.ts';
import { buildMediaHandlers } from '../realtime/media-handlers.ts';
import type { MediaConfig } from '../../../media/config.ts';
import { MediaManager } from '../../../media/media-manager.ts';
import type { FloorSignal, FloorSource } from '../../../media/ports.ts';
import { RecordingManager } from '../../../media/recording/recording-manager.ts';
import type { CaptionsConfig } from '../../../media/captions/config.ts';
import { CaptionManager } from '../../../media/captions/caption-manager.ts';
import { pocketsphinxEngine } from '../../../media/captions/pocketsphinx.ts';
import { basename } from 'node:path';
import { CaptionDesk } from './caption-desk.ts';
import { debateFloorOf, floorSignalOf } from './floor-signals.ts';
import { recordingStore } from './recording-store.ts';
import { recordingTimeline, type TimelineDebates, type TimelineLog } from './recording-timeline.ts';
import { mediaPersonRoom, socketNotifier } from './socket-notifier.ts';
import { BroadcastManager } from '../../../media/broadcast/broadcast-manager.ts';
import { buildBroadcastHandlers } from '../realtime/broadcast-handlers.ts';
import { broadcastTimeline, destinationSource } from './broadcast-wiring.ts';

/** What the media layer is wired to among the live debates (the registry satisfies it). */
export interface MediaDebates extends TimelineDebates {
  get(debateId: string): Promise<{ state: DebateState; appendSystemEvent(draft: EventDraft, actor?: Actor): Promise<unknown> }>;
  /** Every committed event of the debates this node owns, synchronously after the append. */
  onEvent(listener: (event: DebateEvent) => void): void;
}

export interface MediaLayerOptions {
  config: MediaConfig;
  io: Server;
  debates: MediaDebates;
  /** The event store: recording reads its entries back from the log. */
  events: TimelineLog;
  clock: Clock;
  logger: FastifyBaseLogger;
  /** Files under `dataDir/recordings`, rows in the database; without it nothing is recorded. */
  recording?: { database: Pick<Database, 'db'>; dataDir: string };
  /** The speech-to-text engine; without it nothing is captioned automatically. */
  captions?: CaptionsConfig | null;
  /** The broadcast (HLS under `dataDir/broadcast`, RTMP pushes); needs `recording`'s database and directory. */
  broadcast?: { autoStart: boolean };
}

export interface MediaLayer {
  manager: MediaManager;
  recordings: RecordingManager | null;
  captions: CaptionManager | null;
  broadcasts: BroadcastManager | null;
  /** The media:* client events, for attachGateway. */
  extraHandlers: Record<string, EventHandler>;
  onConnection: (socket: Socket, claims: TokenClaims) => void;
  onDisconnect: (socket: Socket, claims: TokenClaims) => void;
  /** Recordings first, while media still flows (FFmpeg then ends its files properly), then the workers. Safe twice. */
  close(): Promise<void>;
}

export async function openMediaLayer(o: MediaLayerOptions): Promise<MediaLayer> {
  const notifier = socketNotifier(o.io);
  const logger = o.logger.child({ module: 'media' });
  const floors: FloorSource = { current: async (debateId) => debateFloorOf((await o.debates.get(debateId)).state) };
  const manager = await MediaManager.create({ config: o.config, floors, notifier, clock: o.clock, logger });
  const recordings = o.recording
    ? new RecordingManager({
        media: manager,
        timeline: recordingTimeline(o.debates, o.events),
        store: recordingStore(o.recording.database),
        notifier,
        dataDir: o.recording.dataDir,
        clock: o.clock,
        logger: logger.child({ module: 'recording' }),
      })
    : null;
  const desk = o.captions ? new CaptionDesk({ debates: o.debates, push: notifier, clock: o.clock, logger }) : null;
  const captions =
    o.captions && desk
      ? new CaptionManager({
          media: manager,
          engine: pocketsphinxEngine(o.captions.setup, basename(o.captions.modelDir)),
          sink: desk,
          clock: o.clock,
          logger: logger.child({ module: 'captions' }),
        })
      : null;
  const broadcasts =
    o.recording && o.broadcast
      ? new BroadcastManager({
          media: manager,
          timeline: broadcastTimeline(o.debates, o.events),
          destinations: destinationSource(o.recording.database),
          notifier,
          dataDir: o.recording.dataDir,
          clock: o.clock,
          logger: logger.child({ module: 'broadcast' }),
          autoStart: o.broadcast.autoStart,
        })
      : null;

  // Floor changes reach the media sessions synchronously, in commit order (the cut at a
  // hard deadline then runs on the media layer's own timer, see media/floor-bridge.ts).
  o.debates.onEvent((event) => {
    desk?.onEvent(event);
    let signal: FloorSignal | null;
    try {
      signal = floorSignalOf(event);
    } catch (err) {
      logger.error({ debateId: event.debateId, seq: event.seq, type: event.type, err: (err as Error).message }, 'media: malformed floor event ignored');
      return;
    }
    if (!signal) return;
    manager.handleFloorSignal(signal);
    if (signal.type === 'debateEnded') recordings?.debateEnded(signal.debateId);
  });

  let closing: Promise<void> | null = null;
  return {
    manager,
    recordings,
    captions,
    broadcasts,
    extraHandlers: { ...buildMediaHandlers(manager, recordings), ...(broadcasts ? buildBroadcastHandlers(manager, broadcasts) : {}) },
    onConnection: (socket, claims) => {
      void socket.join(mediaPersonRoom(claims.debateId, claims.sub));
      manager.connected(claims.debateId, claims.sub);
    },
    onDisconnect: (_socket, claims) => manager.disconnected(claims.debateId, claims.sub),
    close: () =>
      (closing ??= (async () => {
        await Promise.all([recordings?.close(), broadcasts?.close(), captions?.close()]);
        await desk?.drain();
        await manager.close();
      })()),
  };
}
