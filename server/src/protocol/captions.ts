// Captions over the socket: the live partial push (not logged: only `caption:final`
// segments are, protocol/events/captions.ts), the captioner's typed segments, the
// console's room-display switch, and the organizer's correction over REST.
import { z } from 'zod';
import { CaptionSegmentSchema } from './events/captions.ts';
import { safeText } from './text.ts';

export const CAPTION_PUSHES = {
  /** CaptionPartial, to everyone in the debate, as the engine's hypothesis grows. */
  partial: 'caption:partial',
} as const;

/** A live hypothesis: the text so far of the segment being spoken (final: false). */
export const CaptionPartialSchema = CaptionSegmentSchema.extend({ final: z.literal(false) });
export type CaptionPartial = z.infer<typeof CaptionPartialSchema>;

/** caption:write — a captioner's line, attributed to whoever has the floor now. */
export const CaptionWriteSchema = z.object({ text: safeText({ min: 1, max: 500 }) });
export type CaptionWrite = z.infer<typeof CaptionWriteSchema>;

/** caption:display — the room display's captions on or off (moderator). */
export const CaptionDisplaySetSchema = z.object({ on: z.boolean() });
export type CaptionDisplaySet = z.infer<typeof CaptionDisplaySetSchema>;

/** POST /api/debates/:id/captions/:segmentId/corrections — the organizer's corrected text. */
export const CaptionCorrectionBodySchema = z.object({ text: safeText({ min: 1, max: 2000, multiline: true }) });
export type CaptionCorrectionBody = z.infer<typeof CaptionCorrectionBodySchema>;

export const CaptionSegmentParamsSchema = z.object({
  id: z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'expected an id'),
  segmentId: z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'expected an id'),
});

/** One segment of a debate's transcript (protocol/folds/transcript.ts): the report, GET /transcript. */
export const TranscriptSegmentSchema = z.object({
  segmentId: z.string(),
  seq: z.number().int(),
  start: z.number(),
  end: z.number(),
  text: z.string(),
  original: z.string().nullable(),
  correctedSeq: z.number().int().nullable(),
  speakerId: z.string().nullable(),
  speakerName: z.string().nullable(),
  group: z.string().nullable(),
  turnId: z.string().nullable(),
  source: z.enum(['engine', 'captioner']),
  reference: z.boolean(),
});
