// Payloads of the `media:*` socket events (mediasoup signaling) and the shapes of their
// replies. Every size is bounded: these objects come from browsers and are handed to
// the mediasoup worker. Nested objects strip unknown keys (mediasoup-client may add
// fields across versions); the command objects themselves are strict.
import { z } from 'zod';
import { IdSchema } from './common.ts';
import { safeText } from './text.ts';

const Uint32Schema = z.number().int().min(0).max(0xffff_ffff);
const ShortString = safeText({ min: 1, max: 64, trim: false });
const MimeTypeSchema = safeText({ max: 64, trim: false })
  .regex(/^(audio|video)\/[A-Za-z0-9.+-]+$/, 'expected audio/<codec> or video/<codec>');

/** Bounded map of primitive values (codec parameters, appData). */
const boundedRecord = <V extends z.ZodType>(value: V, maxKeys: number) =>
  z
    .record(safeText({ min: 1, max: 64, trim: false }), value)
    .refine((o) => Object.keys(o).length <= maxKeys, { message: `at most ${maxKeys} keys` });

const CodecParametersSchema = boundedRecord(z.union([safeText({ max: 256, trim: false }), z.number().finite()]), 32);

export const MediaKindSchema = z.enum(['audio', 'video']);
export type MediaKind = z.infer<typeof MediaKindSchema>;

export const RtcpFeedbackSchema = z.object({ type: ShortString, parameter: safeText({ max: 64, trim: false }).optional() });

export const RtpCodecParametersSchema = z.object({
  mimeType: MimeTypeSchema,
  payloadType: z.number().int().min(0).max(127),
  clockRate: z.number().int().min(1).max(1_000_000),
  channels: z.number().int().min(1).max(16).optional(),
  parameters: CodecParametersSchema.optional(),
  rtcpFeedback: z.array(RtcpFeedbackSchema).max(16).optional(),
});

export const RtpHeaderExtensionParametersSchema = z.object({
  uri: safeText({ min: 1, max: 256, trim: false }),
  id: z.number().int().min(1).max(255),
  encrypt: z.boolean().optional(),
  parameters: CodecParametersSchema.optional(),
});

export const RtpEncodingParametersSchema = z.object({
  ssrc: Uint32Schema.optional(),
  rid: safeText({ min: 1, max: 32, trim: false }).optional(),
  codecPayloadType: z.number().int().min(0).max(127).optional(),
  rtx: z.object({ ssrc: Uint32Schema }).optional(),
  dtx: z.boolean().optional(),
  scalabilityMode: safeText({ max: 16, trim: false }).optional(),
  scaleResolutionDownBy: z.number().min(1).max(64).optional(),
  maxBitrate: z.number().int().min(0).max(100_000_000).optional(),
  maxFramerate: z.number().min(0).max(240).optional(),
  adaptivePtime: z.boolean().optional(),
  active: z.boolean().optional(),
  priority: z.enum(['very-low', 'low', 'medium', 'high']).optional(),
  networkPriority: z.enum(['very-low', 'low', 'medium', 'high']).optional(),
});

export const RtpParametersSchema = z.object({
  mid: safeText({ max: 32, trim: false }).optional(),
  codecs: z.array(RtpCodecParametersSchema).min(1).max(16),
  headerExtensions: z.array(RtpHeaderExtensionParametersSchema).max(32).optional(),
  encodings: z.array(RtpEncodingParametersSchema).max(8).optional(),
  rtcp: z
    .object({
      cname: safeText({ max: 256, trim: false }).optional(),
      reducedSize: z.boolean().optional(),
      mux: z.boolean().optional(),
    })
    .optional(),
});
export type RtpParameters = z.infer<typeof RtpParametersSchema>;

export const RtpCapabilitiesSchema = z.object({
  codecs: z
    .array(
      z.object({
        kind: MediaKindSchema,
        mimeType: MimeTypeSchema,
        preferredPayloadType: z.number().int().min(0).max(127).optional(),
        clockRate: z.number().int().min(1).max(1_000_000),
        channels: z.number().int().min(1).max(16).optional(),
        parameters: CodecParametersSchema.optional(),
        rtcpFeedback: z.array(RtcpFeedbackSchema).max(16).optional(),
      }),
    )
    .max(64)
    .optional(),
  headerExtensions: z
    .array(
      z.object({
        kind: MediaKindSchema,
        uri: safeText({ min: 1, max: 256, trim: false }),
        preferredId: z.number().int().min(1).max(255),
        preferredEncrypt: z.boolean().optional(),
        direction: z.enum(['sendrecv', 'sendonly', 'recvonly', 'inactive']).optional(),
      }),
    )
    .max(64)
    .optional(),
});
export type RtpCapabilities = z.infer<typeof RtpCapabilitiesSchema>;

export const DtlsParametersSchema = z.object({
  role: z.enum(['auto', 'client', 'server']).optional(),
  fingerprints: z
    .array(
      z.object({
        algorithm: z.enum(['sha-1', 'sha-224', 'sha-256', 'sha-384', 'sha-512']),
        value: safeText({ min: 1, max: 200, trim: false }).regex(/^[0-9A-Fa-f:]+$/, 'expected a hex fingerprint'),
      }),
    )
    .min(1)
    .max(8),
});
export type DtlsParameters = z.infer<typeof DtlsParametersSchema>;

/** Free metadata attached to a producer (e.g. { source: 'camera' }); small and flat. */
export const MediaAppDataSchema = boundedRecord(
  z.union([safeText({ max: 128, trim: false }), z.number().finite(), z.boolean()]),
  8,
);
export type MediaAppData = z.infer<typeof MediaAppDataSchema>;

// ---- client -> server commands -------------------------------------------------------

/** media:capabilities — the router's RTP capabilities (mediasoup-client Device.load). */
export const MediaCapabilitiesSchema = z.strictObject({});
export type MediaCapabilities = z.infer<typeof MediaCapabilitiesSchema>;

export const TransportDirectionSchema = z.enum(['send', 'recv']);
export type TransportDirection = z.infer<typeof TransportDirectionSchema>;

export const MediaTransportCreateSchema = z.strictObject({ direction: TransportDirectionSchema });
export type MediaTransportCreate = z.infer<typeof MediaTransportCreateSchema>;

export const MediaTransportConnectSchema = z.strictObject({
  transportId: IdSchema,
  dtlsParameters: DtlsParametersSchema,
});
export type MediaTransportConnect = z.infer<typeof MediaTransportConnectSchema>;

export const MediaProduceSchema = z.strictObject({
  transportId: IdSchema,
  kind: MediaKindSchema,
  rtpParameters: RtpParametersSchema,
  appData: MediaAppDataSchema.optional(),
});
export type MediaProduce = z.infer<typeof MediaProduceSchema>;

export const MediaConsumeSchema = z.strictObject({
  producerId: IdSchema,
  transportId: IdSchema,
  rtpCapabilities: RtpCapabilitiesSchema,
});
export type MediaConsume = z.infer<typeof MediaConsumeSchema>;

export const MediaConsumerResumeSchema = z.strictObject({ consumerId: IdSchema });
export type MediaConsumerResume = z.infer<typeof MediaConsumerResumeSchema>;

/** media:consumer:pause / media:consumer:close — one's own consumer (no longer wanted: off air, audio only). */
export const MediaConsumerIdSchema = z.strictObject({ consumerId: IdSchema });
export type MediaConsumerId = z.infer<typeof MediaConsumerIdSchema>;

export const MediaProducerCloseSchema = z.strictObject({ producerId: IdSchema });
export type MediaProducerClose = z.infer<typeof MediaProducerCloseSchema>;

/** media:transport:close — one's own transport, with its producers and consumers (a page that leaves). */
export const MediaTransportCloseSchema = z.strictObject({ transportId: IdSchema });
export type MediaTransportClose = z.infer<typeof MediaTransportCloseSchema>;

/** media:mute / media:unmute (moderator) — pause or resume any producer of the debate. */
export const MediaMuteSchema = z.strictObject({ producerId: IdSchema });
export type MediaMute = z.infer<typeof MediaMuteSchema>;

/** media:program:set (moderator) — put a participant on air; null = back to automatic. */
export const MediaProgramSetSchema = z.strictObject({ participantId: IdSchema.nullable() });
export type MediaProgramSet = z.infer<typeof MediaProgramSetSchema>;

/** media:recording (moderator) — turn the archive recording of the program feed on or off. */
export const MediaRecordingSchema = z.strictObject({ action: z.enum(['start', 'stop']) });
export type MediaRecording = z.infer<typeof MediaRecordingSchema>;

export const MEDIA_COMMANDS = {
  capabilities: 'media:capabilities',
  transportCreate: 'media:transport:create',
  transportConnect: 'media:transport:connect',
  produce: 'media:produce',
  consume: 'media:consume',
  consumerResume: 'media:consumer:resume',
  consumerPause: 'media:consumer:pause',
  consumerClose: 'media:consumer:close',
  producerClose: 'media:producer:close',
  transportClose: 'media:transport:close',
  mute: 'media:mute',
  unmute: 'media:unmute',
  programSet: 'media:program:set',
  recording: 'media:recording',
} as const;

// ---- replies (ack data) ------------------------------------------------------------------

export interface IceParameters {
  usernameFragment: string;
  password: string;
  iceLite?: boolean;
}
export interface IceCandidate {
  foundation: string;
  priority: number;
  ip: string;
  protocol: 'udp' | 'tcp';
  port: number;
  type: 'host';
  tcpType?: 'passive';
}
/** Reply to media:transport:create: what mediasoup-client's createSendTransport/RecvTransport need. */
export interface TransportCreated {
  id: string;
  direction: TransportDirection;
  iceParameters: IceParameters;
  iceCandidates: IceCandidate[];
  dtlsParameters: DtlsParameters;
}
export interface Produced {
  id: string;
  /** True when the sender's floor is paused: the producer exists but forwards nothing. */
  paused: boolean;
}
/**
 * What is "on air" (room display, recording): by default the floor holder when they
 * publish, else the in-room `room` feed; `auto: false` while a moderator's choice holds.
 */
export interface MediaProgram {
  participantId: string | null;
  producerIds: string[];
  auto: boolean;
}
/**
 * Whether the debate is being recorded into the archive: the ack of media:recording, the
 * media:recording push and part of media:capabilities.
 */
export const MediaRecordingStateSchema = z.object({
  /** The moderator's choice (true by default): record whenever the program feed has media. */
  wanted: z.boolean(),
  /** A file is being written now. */
  recording: z.boolean(),
  /** The file being written (with `recording`). */
  recordingId: IdSchema.optional(),
  /** Server clock (ms) of that file's t=0. */
  startedAt: z.number().int().optional(),
});
export type MediaRecordingState = z.infer<typeof MediaRecordingStateSchema>;

/** Reply to media:capabilities: what mediasoup-client's Device.load needs, and the room as it is. */
export interface MediaCapabilitiesReply {
  rtpCapabilities: RtpCapabilities;
  producers: MediaProducerInfo[];
  program: MediaProgram;
  activeSpeaker: string | null;
  /** Always sent by the server; absent only from a media session used without the recorder. */
  recording?: MediaRecordingState;
}
/** Reply to media:mute / media:unmute. */
export interface MediaMuted {
  producerId: string;
  paused: boolean;
}
/** Reply to media:consume; the consumer starts paused until media:consumer:resume. */
export interface Consumed {
  id: string;
  producerId: string;
  kind: MediaKind;
  rtpParameters: RtpParameters;
  producerPaused: boolean;
}

// ---- server -> client pushes -----------------------------------------------------------

/** A publication a participant can consume. */
export interface MediaProducerInfo {
  producerId: string;
  participantId: string;
  kind: MediaKind;
  paused: boolean;
  appData: MediaAppData;
}

export const MEDIA_PUSHES = {
  /** MediaProducerInfo, to everyone in the debate. */
  producerNew: 'media:producer:new',
  /** MediaProducerEvent, to everyone. */
  producerClosed: 'media:producer:closed',
  /** MediaProducerEvent — floor control or a moderator paused / resumed it. */
  producerPaused: 'media:producer:paused',
  producerResumed: 'media:producer:resumed',
  /** { consumerId }, to the consuming participant only. */
  consumerClosed: 'media:consumer:closed',
  /** { reason } — the router was rebuilt: load capabilities and create transports again. */
  reset: 'media:reset',
  /** MediaProgram, to everyone, whenever it changes. */
  program: 'media:program',
  /** { participantId | null } — the loudest publisher, at most once per observer interval. */
  activeSpeaker: 'media:active-speaker',
  /** MediaRecordingState, to everyone, whenever it changes. */
  recording: 'media:recording',
} as const;

/** Payload of media:producer:closed / paused / resumed; `at` = server time it took effect. */
export interface MediaProducerEvent {
  producerId: string;
  participantId: string;
  at: number;
}
