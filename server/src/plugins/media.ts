// Live audio/video (media/, composed by media-wiring/open-media-layer.ts), when MEDIA_ENABLED. The
// module is imported only then, so MEDIA_ENABLED=false loads nothing of mediasoup and
// `media` is null. Closed before the live debates: the recorder ends its files and
// appends their last events to the log while it is still open.
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import type { MediaManager } from '../../../media/media-manager.ts';
import type { MediaStats } from '../metrics/app-metrics.ts';
import type { MediaLayer } from '../media-wiring/open-media-layer.ts';
import { releaseOnClose } from './release.ts';
import type { BroadcastManager } from '../../../media/broadcast/broadcast-manager.ts';

/** What the gateway merges into its table and calls on (dis)connections. */
export type MediaRealtime = Pick<MediaLayer, 'extraHandlers' | 'onConnection' | 'onDisconnect'>;

declare module 'fastify' {
  interface FastifyInstance {
    /** The media layer (mediasoup); null when MEDIA_ENABLED=false. */
    media: MediaManager | null;
    mediaRealtime: MediaRealtime | null;
    /** The broadcast (HLS + RTMP) of the program feed; null without media. */
    broadcast: BroadcastManager | null;
  }
}

/** The metrics' view of the media layer: what it exposes, read at scrape time. */
function mediaStats(layer: MediaLayer): MediaStats {
  return {
    workers: () => layer.manager.pool.workers().length,
    sessions: () => layer.manager.sessionCount,
    consumers: () => layer.manager.consumerCount,
    recordings: () => layer.recordings?.activeCount ?? 0,
  };
}

export const mediaPlugin = fp(
  async (app: FastifyInstance) => {
    const { config, database, eventStore } = app;
    if (!config.media) {
      app.decorate('media', null);
      app.decorate('mediaRealtime', null);
      app.decorate('broadcast', null);
      return;
    }
    const { openMediaLayer } = await import('../media-wiring/open-media-layer.ts');
    const layer = await openMediaLayer({
      config: config.media,
      io: app.io,
      debates: app.registry,
      events: eventStore,
      clock: app.clock,
      logger: app.log,
      recording: { database, dataDir: config.dataDir },
      captions: config.captions,
      broadcast: { autoStart: config.broadcast.autoStart },
    });
    releaseOnClose(app, 'media', () => layer.close());
    app.decorate('media', layer.manager);
    app.decorate('mediaRealtime', layer);
    app.decorate('broadcast', layer.broadcasts);
    app.metrics.watchMedia(mediaStats(layer));
  },
  { name: 'media', dependencies: ['config', 'metrics', 'socket-io', 'database', 'storage', 'live-debates'] },
);
