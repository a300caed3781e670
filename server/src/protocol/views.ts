// The debate as one viewer sees it: what `state:snapshot` carries and the client folds
// `debate:event`s into. Each slice has its view here (the domain's view functions return
// these types, the client's reducer folds them): turns are the same for everyone, polls
// and questions are filtered per viewer, the header hides the access code from non-staff.
import { z } from 'zod';
import { RoleSchema } from './common.ts';
import { DebateStatusSchema, ModalitiesViewSchema } from './modalities.ts';
import { ContributionSchema, QuestionSchema } from './events/questions.ts';
import { PollSchema } from './events/polls.ts';
import { AgendaSlotSchema, FloorSchema, QueueEntrySchema, TurnRecordSchema } from './events/turns.ts';
import { PresenceSchema, SkippedEntrySchema } from './events/presence.ts';

/** Who is looking at a view: decides what a role may see. null: the room display. */
export const ViewerSchema = z.object({ role: RoleSchema, participantId: z.string().nullable() });
export type Viewer = z.infer<typeof ViewerSchema>;

/**
 * The speaking-turns slice. Nothing in it is secret, so it is also the domain's state of
 * the slice (domain/turns/state.ts). JSON-safe on purpose: snapshotted, cloned for views,
 * rebuilt from the log. Clients derive the countdown from `floor.deadline` and the server time.
 */
export const TurnsViewSchema = z.object({
  /** Index 0 speaks next. */
  queue: z.array(QueueEntrySchema),
  floor: FloorSchema.nullable(),
  turns: z.array(TurnRecordSchema),
  /** Finished turns only, by participant id; the live floor is derived from its timestamps. */
  spokenMs: z.record(z.string(), z.number()),
  /** Finished turns only, by group id. */
  groupSpokenMs: z.record(z.string(), z.number()),
  agenda: z.array(AgendaSlotSchema),
  /** By participant id: connected (any socket, any node) or away, and since when. */
  presence: z.record(z.string(), PresenceSchema),
  /** Whom the last "next" passed over (away too long), until that turn ends. */
  lastSkipped: z.array(SkippedEntrySchema),
});
export type TurnsView = z.infer<typeof TurnsViewSchema>;

export const PollViewSchema = PollSchema.extend({
  /** Live tally (open) or final count (closed) when this viewer may see it, else null. */
  results: PollSchema.shape.results,
  /** This viewer's current ballot, if any. */
  myBallot: z.array(z.number().int()).nullable(),
});
export type PollView = z.infer<typeof PollViewSchema>;

export const PollsViewSchema = z.object({
  /** In creation order; proposals only for moderators and their author. */
  polls: z.array(PollViewSchema),
});
export type PollsView = z.infer<typeof PollsViewSchema>;

export const QuestionViewSchema = QuestionSchema.omit({ voters: true }).extend({
  votedByMe: z.boolean(),
  /** Moderators only. */
  voters: z.array(z.string()).optional(),
});
export type QuestionView = z.infer<typeof QuestionViewSchema>;

export const QuestionsViewSchema = z.object({
  /** In the order asked. */
  questions: z.array(QuestionViewSchema),
  /** In the order submitted. */
  contributions: z.array(ContributionSchema),
});
export type QuestionsView = z.infer<typeof QuestionsViewSchema>;

/** The room screen: the question shown on the room display (null: none), polls taken off it. */
export const ScreenViewSchema = z.object({
  questionId: z.string().nullable(),
  hiddenPollIds: z.array(z.string()),
  /** Live captions shown at the bottom of the room display (the console's switch, off by default). */
  captions: z.boolean(),
});
export type ScreenView = z.infer<typeof ScreenViewSchema>;

export const DebateHeaderSchema = z.object({
  id: z.string(),
  title: z.string(),
  status: DebateStatusSchema,
  /** The access code only for moderators. */
  modalities: ModalitiesViewSchema,
  startedAt: z.number().nullable(),
  endedAt: z.number().nullable(),
});
export type DebateHeader = z.infer<typeof DebateHeaderSchema>;

export const DebateViewSchema = z.object({
  debate: DebateHeaderSchema,
  /** seq of the last event folded (0 = none). */
  seq: z.number().int().min(0),
  /** hash of that event ('' before the first). */
  headHash: z.string(),
  turns: TurnsViewSchema,
  polls: PollsViewSchema,
  questions: QuestionsViewSchema,
  screen: ScreenViewSchema,
});
export type DebateView = z.infer<typeof DebateViewSchema>;
