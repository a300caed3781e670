// Captions in the log: final caption segments (from a speech-to-text engine or typed by a
// human captioner) and the organizer's corrections of them. Partial results are not
// logged: they are pushed live only (protocol/captions.ts). A segment belongs to the turn
// that held the floor while it was spoken (domain/captions/attribution.ts); a correction
// is a new event that names the original segment, which stays in the chain unchanged.
// Every viewer sees them whole.
import { z } from 'zod';
import { Ms } from './envelope.ts';

/** Who produced a segment: a speech-to-text engine, or a human captioner (the reference when present). */
export const CaptionSourceSchema = z.enum(['engine', 'captioner']);
export type CaptionSource = z.infer<typeof CaptionSourceSchema>;

export const CaptionSegmentSchema = z.object({
  /** Unique within the debate; corrections name it. */
  segmentId: z.string().min(1).max(64),
  /** Server clock (ms) of the first and last word. */
  start: Ms,
  end: Ms,
  text: z.string().min(1).max(2000),
  /** The participant who had the floor; null when nobody had it (a captioner's aside). */
  speakerId: z.string().nullable(),
  turnId: z.string().nullable(),
  /** false only on the live partial push; logged segments are final. */
  final: z.boolean(),
  source: CaptionSourceSchema,
  /** Engine and model, e.g. `pocketsphinx/en-us` (engine segments only). */
  engine: z.string().max(200).optional(),
});
export type CaptionSegment = z.infer<typeof CaptionSegmentSchema>;

export const CaptionFinalSchema = CaptionSegmentSchema.extend({ final: z.literal(true) });
export type CaptionFinal = z.infer<typeof CaptionFinalSchema>;

export const CaptionCorrectedSchema = z.object({
  segmentId: z.string().min(1).max(64),
  /** seq of the `caption:final` event corrected (the original stays in the log). */
  correctsSeq: z.number().int().min(1),
  text: z.string().min(1).max(2000),
});
export type CaptionCorrected = z.infer<typeof CaptionCorrectedSchema>;

/** The room display's captions on or off (the console's choice). */
export const CaptionDisplaySchema = z.object({ on: z.boolean() });
export type CaptionDisplay = z.infer<typeof CaptionDisplaySchema>;

export const CAPTION_EVENTS = {
  'caption:final': CaptionFinalSchema,
  'caption:corrected': CaptionCorrectedSchema,
  'caption:display': CaptionDisplaySchema,
} as const;

/** Timeline events no domain command decides, appended through LiveDebate.appendSystemEvent. */
export const CAPTION_EVENT_TYPES = ['caption:final', 'caption:corrected', 'caption:display'] as const;
