// The broadcast contract (media/broadcast/): the program feed handed to HLS and to RTMP(S)
// destinations. What the organizer sends to configure a destination (its stream key is a
// secret: accepted here, never sent back), what consoles and the public see of the
// broadcast, the moderator's start/stop, and the audience threshold above which the
// citizen page plays HLS instead of WebRTC. Shared by the server and the client.
import { z } from 'zod';
import { IdSchema } from './common.ts';
import { safeText } from './text.ts';

/** rtmp:// or rtmps:// with a host; the stream key goes apart (it is the secret). */
export const RtmpUrlSchema = z
  .string()
  .max(500)
  .refine((v) => {
    try {
      const u = new URL(v);
      return (u.protocol === 'rtmp:' || u.protocol === 'rtmps:') && u.hostname.length > 0 && !u.username && !u.password;
    } catch {
      return false;
    }
  }, 'expected an rtmp:// or rtmps:// URL without credentials');

/** POST /api/debates/:id/broadcast/destinations (organizer). */
export const BroadcastDestinationInputSchema = z.strictObject({
  label: safeText({ min: 1, max: 80 }),
  url: RtmpUrlSchema,
  streamKey: z.string().min(1).max(500).regex(/^[\x21-\x7e]+$/, 'expected printable ASCII without spaces'),
});
export type BroadcastDestinationInput = z.infer<typeof BroadcastDestinationInputSchema>;

export const PushStateSchema = z.enum(['idle', 'connecting', 'live', 'failed', 'retrying']);
export type PushState = z.infer<typeof PushStateSchema>;

/** A destination as the organizer and the console see it: never its key. */
export const BroadcastDestinationViewSchema = z.object({
  id: IdSchema,
  label: z.string(),
  /** The ingest URL without the key (e.g. rtmp://peertube.example.fr:1935/live). */
  url: z.string(),
  state: PushStateSchema,
  /** Why it failed (failed / retrying), FFmpeg's words with the key removed. */
  reason: z.string().nullable(),
  /** Server clock (ms) of the next attempt while retrying. */
  retryAt: z.number().int().nullable(),
});
export type BroadcastDestinationView = z.infer<typeof BroadcastDestinationViewSchema>;

/** media:broadcast push and ack; part of what consoles see. */
export const BroadcastStateSchema = z.object({
  /** The moderator's choice (true by default): broadcast whenever the program has media. */
  wanted: z.boolean(),
  /** The encoder runs and the playlist grows. */
  live: z.boolean(),
  /** Path of the HLS playlist (relative to the server). */
  playlist: z.string(),
  /** Server clock (ms) of the encoder's current start. */
  startedAt: z.number().int().nullable(),
  destinations: z.array(BroadcastDestinationViewSchema),
});
export type BroadcastState = z.infer<typeof BroadcastStateSchema>;

/** media:broadcast (moderator): start or stop the broadcast of the program feed. */
export const MediaBroadcastSchema = z.strictObject({ action: z.enum(['start', 'stop']) });
export type MediaBroadcast = z.infer<typeof MediaBroadcastSchema>;

/** GET /api/debates/:id/broadcast (public): what the citizen page needs to choose. */
export const BroadcastPublicSchema = z.object({
  live: z.boolean(),
  playlist: z.string(),
  /** WebRTC viewers of the debate now, and the threshold above which newcomers get HLS. */
  webrtcViewers: z.number().int(),
  threshold: z.number().int(),
  /** True when newcomers should play HLS (webrtcViewers >= threshold and HLS is live). */
  preferHls: z.boolean(),
});
export type BroadcastPublic = z.infer<typeof BroadcastPublicSchema>;

export const BROADCAST_COMMAND = 'media:broadcast' as const;
export const BROADCAST_PUSH = 'media:broadcast' as const;

export const BROADCAST_EVENT_TYPES = ['broadcast:started', 'broadcast:stopped', 'broadcast:destination', 'broadcast:enabled', 'broadcast:disabled'] as const;
export type BroadcastEventType = (typeof BROADCAST_EVENT_TYPES)[number];

/** media:broadcast:state (anyone): no payload. */
export const MediaBroadcastStateSchema = z.strictObject({});
