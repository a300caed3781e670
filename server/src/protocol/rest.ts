// Bodies, query strings and responses of the REST API (validated by zod on the way in,
// serialized by zod on the way out, and published as OpenAPI at /docs). The client
// imports these too. Times are ms since the Unix epoch, like everywhere in the protocol.
import { z } from 'zod';
import { TranscriptSegmentSchema } from './captions.ts';
import { safeText } from './text.ts';
import { ActorSchema, ErrorBodySchema, IdSchema, RoleSchema } from './common.ts';
import { DebateStatusSchema, InterventionModeSchema, ModalitiesSchema, ModalitiesViewSchema, SlugSchema } from './modalities.ts';
import { PollKindSchema, PollResultsSchema, PollStatusSchema, PollVisibilitySchema } from './polls.ts';
import { ContributionStatusSchema, QuestionStatusSchema } from './questions.ts';
import { RecordingDtoSchema, TurnRecordingSchema } from './recordings.ts';

// ---- params and query strings ----------------------------------------------------------

export const DebateParamsSchema = z.object({ id: IdSchema });
export const PollParamsSchema = z.object({ id: IdSchema, pollId: IdSchema });

/**
 * Free-text search of the archive: French full-text search, accent- and case-insensitive,
 * every word a prefix, over titles, descriptions, questions, contributions and speakers.
 */
const SearchSchema = safeText({ min: 1, max: 200 });

export const ListDebatesQuerySchema = z.object({
  status: DebateStatusSchema.optional(),
  q: SearchSchema.optional(),
});
export type ListDebatesQuery = z.infer<typeof ListDebatesQuerySchema>;

export const PublicDebatesQuerySchema = z.object({
  status: DebateStatusSchema.exclude(['draft']).optional(),
  q: SearchSchema.optional(),
});
export type PublicDebatesQuery = z.infer<typeof PublicDebatesQuerySchema>;

export const TimelineQuerySchema = z.object({
  /** Return events with seq > after. */
  after: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(500),
});
export type TimelineQuery = z.infer<typeof TimelineQuerySchema>;

// ---- bodies ------------------------------------------------------------------------------

const TitleSchema = safeText({ min: 1, max: 200 });
const DescriptionSchema = safeText({ max: 5000, multiline: true }).nullable();
const LocationSchema = safeText({ max: 300 }).nullable();

export const CreateDebateBodySchema = z.strictObject({
  title: TitleSchema,
  description: DescriptionSchema.optional(),
  location: LocationSchema.optional(),
  modalities: ModalitiesSchema,
});
export type CreateDebateBody = z.infer<typeof CreateDebateBodySchema>;

export const UpdateDebateBodySchema = z
  .strictObject({
    title: TitleSchema.optional(),
    description: DescriptionSchema.optional(),
    location: LocationSchema.optional(),
    modalities: ModalitiesSchema.optional(),
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), { message: 'nothing to update' });
export type UpdateDebateBody = z.infer<typeof UpdateDebateBodySchema>;

const ReasonBodySchema = safeText({ min: 1, max: 500, multiline: true }).optional();
/** POST /api/debates/:id/cancel (the body is optional). */
export const CancelDebateBodySchema = z.strictObject({ reason: ReasonBodySchema }).nullish();
export type CancelDebateBody = z.infer<typeof CancelDebateBodySchema>;
/** POST /api/debates/:id/postpone. */
export const PostponeDebateBodySchema = z.strictObject({
  scheduledStart: z.iso.datetime({ offset: true }),
  reason: ReasonBodySchema,
});
export type PostponeDebateBody = z.infer<typeof PostponeDebateBodySchema>;

export const DisplayNameSchema = safeText({ min: 1, max: 60 });

/** Moderator and display tokens: the body is optional. */
export const StaffTokenBodySchema = z.strictObject({ displayName: DisplayNameSchema.optional() }).nullish();

export const CreateInvitationBodySchema = z
  .strictObject({
    kind: z.enum(['participant', 'speaker']),
    /** Required for `speaker`: one of the debate's `modalities.guests[].id`. */
    guestId: SlugSchema.optional(),
    /** Pre-filled display name of a participant invitation (speakers use the guest's name). */
    displayName: DisplayNameSchema.optional(),
  })
  .superRefine((b, ctx) => {
    if (b.kind === 'speaker' && !b.guestId) {
      ctx.addIssue({ code: 'custom', path: ['guestId'], message: 'required for a speaker invitation' });
    }
  });
export type CreateInvitationBody = z.infer<typeof CreateInvitationBodySchema>;

export const JoinBodySchema = z.strictObject({
  /** Required under the `open` and `code` policies (and for participant invitations without a name). */
  displayName: DisplayNameSchema.optional(),
  accessCode: safeText({ min: 1, max: 64, trim: false }).optional(),
  /** The clear invitation code received from an organizer. */
  invitation: safeText({ min: 1, max: 128, trim: false }).optional(),
});
export type JoinBody = z.infer<typeof JoinBodySchema>;

// ---- responses -----------------------------------------------------------------------------

export const ErrorResponseSchema = z.object({ error: ErrorBodySchema });

/** The error responses every route may answer (documented once in the OpenAPI output). */
export const ERROR_RESPONSES = {
  400: ErrorResponseSchema,
  401: ErrorResponseSchema,
  403: ErrorResponseSchema,
  404: ErrorResponseSchema,
  409: ErrorResponseSchema,
  /** RATE_LIMITED, with a Retry-After header (joins, bad bearer tokens). */
  429: ErrorResponseSchema,
};

export { ModalitiesViewSchema };

export const DebateLinksSchema = z.object({
  /** Where citizens join (the client app). */
  join: z.string(),
  /** This debate's calendar entry. */
  ics: z.string(),
});

export const DebateSchema = z.object({
  id: IdSchema,
  title: z.string(),
  description: z.string().nullable(),
  location: z.string().nullable(),
  status: DebateStatusSchema,
  modalities: ModalitiesViewSchema,
  createdAt: z.number(),
  updatedAt: z.number(),
  announcedAt: z.number().nullable(),
  startedAt: z.number().nullable(),
  endedAt: z.number().nullable(),
  archivedAt: z.number().nullable(),
  cancelledAt: z.number().nullable(),
  /** The organizer's words when cancelling or postponing (null: none given). */
  cancelReason: z.string().nullable(),
  /** The scheduled start before the last postponement (ISO-8601), null if never postponed. */
  postponedFrom: z.string().nullable(),
  postponeReason: z.string().nullable(),
  links: DebateLinksSchema,
});
export type DebateDto = z.infer<typeof DebateSchema>;

export const DebateResponseSchema = z.object({ debate: DebateSchema });
/** Where a search found a debate (db/debate-search.ts). */
export const SearchMatchSchema = z.enum(['debate', 'question', 'contribution', 'speaker', 'transcript']);
export const DebateListResponseSchema = z.object({
  debates: z.array(DebateSchema),
  /** With `q`: per debate id, where it matched. */
  matches: z.record(z.string(), z.array(SearchMatchSchema)).optional(),
});
export type DebateListResponse = z.infer<typeof DebateListResponseSchema>;

export const ModeratorTokenResponseSchema = z.object({ token: z.string(), participantId: IdSchema, expiresAt: z.number() });
export const DisplayTokenResponseSchema = z.object({ token: z.string(), participantId: IdSchema, expiresAt: z.number() });
/** A staff token as issued (moderator or display: the same shape). */
export type IssuedTokenResponse = z.infer<typeof ModeratorTokenResponseSchema>;

export const InvitationResponseSchema = z.object({
  invitationId: IdSchema,
  kind: z.enum(['participant', 'speaker']),
  /** Shown once: only its hash is stored. */
  code: z.string(),
  joinUrl: z.string(),
});
export type InvitationResponse = z.infer<typeof InvitationResponseSchema>;

export const JoinResponseSchema = z.object({
  token: z.string(),
  participantId: IdSchema,
  role: RoleSchema,
  debateId: IdSchema,
  name: z.string(),
  expiresAt: z.number(),
  /** This browser's rejoin credential (localStorage, per debate): every tab, reload and
   *  reconnection rejoins as the same participant (POST /api/debates/:id/rejoin). */
  credential: z.string(),
});
export type JoinResponse = z.infer<typeof JoinResponseSchema>;

export { ActorSchema };

export const TimelineEventSchema = z.object({
  debateId: z.string(),
  seq: z.number().int(),
  at: z.number(),
  actor: ActorSchema,
  type: z.string(),
  payload: z.unknown(),
  hash: z.string(),
});

export const TimelineResponseSchema = z.object({
  events: z.array(TimelineEventSchema),
  /** Pass as `after` to get the next page; equals headSeq once caught up. */
  nextAfter: z.number().int(),
  headSeq: z.number().int(),
});
export type TimelineResponse = z.infer<typeof TimelineResponseSchema>;

export const VerifyResponseSchema = z.object({
  ok: z.boolean(),
  count: z.number().int(),
  headHash: z.string().nullable(),
  /** seq of the first event whose hash or link does not match; null when intact. */
  brokenAt: z.number().int().nullable(),
  reason: z.enum(['hash_mismatch', 'prev_hash_mismatch', 'seq_gap']).nullable(),
});
export type VerifyResponse = z.infer<typeof VerifyResponseSchema>;

export const PollAuditResponseSchema = z.object({
  pollId: IdSchema,
  status: z.string(),
  ballotRows: z.number().int(),
  results: PollResultsSchema,
  /** Digest of the poll's ballot rows (order-independent): compare two audits cheaply. */
  digest: z.string(),
});
export type PollAuditResponse = z.infer<typeof PollAuditResponseSchema>;

export const HealthResponseSchema = z.object({ ok: z.boolean() });

export const DebateReportSchema = z.object({
  /** The transcript: every final caption segment, corrections applied (protocol/folds/transcript.ts). */
  transcript: z.array(TranscriptSegmentSchema).optional(),
  debate: z.object({
    id: IdSchema,
    title: z.string(),
    status: DebateStatusSchema,
    modalities: ModalitiesViewSchema,
    startedAt: z.number().nullable(),
    endedAt: z.number().nullable(),
  }),
  /** Finished turns, in speaking order. */
  turns: z.array(
    z.object({
      turnId: z.string(),
      speaker: z.object({ participantId: z.string(), name: z.string(), role: RoleSchema, group: z.string().nullable() }),
      mode: InterventionModeSchema,
      startedAt: z.number(),
      endedAt: z.number(),
      allottedMs: z.number(),
      spokenMs: z.number(),
      overtimeMs: z.number(),
      endReason: z.enum(['ended', 'expired', 'yielded', 'debate_ended']),
      /** Where the turn is in the recordings (null: not recorded). */
      recording: TurnRecordingSchema.nullable(),
    }),
  ),
  speakingTime: z.object({
    /** Most speaking time first. */
    perSpeaker: z.array(
      z.object({
        participantId: z.string(),
        name: z.string(),
        group: z.string().nullable(),
        spokenMs: z.number(),
        turns: z.number().int(),
      }),
    ),
    /** One entry per group of the modalities; quota and remaining are null without a quota. */
    perGroup: z.array(
      z.object({
        groupId: z.string(),
        name: z.string(),
        spokenMs: z.number(),
        quotaMs: z.number().nullable(),
        remainingMs: z.number().nullable(),
      }),
    ),
  }),
  /** Results are null while this viewer may not see them (poll visibility). */
  polls: z.array(
    z.object({
      id: z.string(),
      question: z.string(),
      kind: PollKindSchema,
      options: z.array(z.string()),
      status: PollStatusSchema,
      visibility: PollVisibilitySchema,
      results: PollResultsSchema.nullable(),
      totalBallots: z.number().int().nullable(),
    }),
  ),
  questions: z.array(
    z.object({ id: z.string(), text: z.string(), authorName: z.string(), status: QuestionStatusSchema, upvotes: z.number().int() }),
  ),
  contributions: z.array(
    z.object({
      id: z.string(),
      text: z.string(),
      authorName: z.string(),
      status: ContributionStatusSchema,
      readAt: z.number().nullable(),
    }),
  ),
  /** The media recordings of the debate, in recording order (same items as GET .../recordings). */
  recordings: z.array(RecordingDtoSchema),
  headHash: z.string(),
  eventCount: z.number().int(),
});
export type DebateReport = z.infer<typeof DebateReportSchema>;

// ---- staff records: revoked links and the audit trail (admin) --------------------------------

/** A staff link's revocation; `revoked` is true when this call revoked it (false: it already was). */
export const RevocationResponseSchema = z.object({
  debateId: IdSchema,
  participantId: IdSchema,
  revokedAt: z.number(),
  revokedBy: ActorSchema,
  revoked: z.boolean(),
});
export type RevocationResponse = z.infer<typeof RevocationResponseSchema>;

export const AuditQuerySchema = z.object({
  debateId: IdSchema.optional(),
  /** Entries strictly older than this `at` (paging back). */
  before: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const AuditEntrySchema = z.object({
  id: z.string(),
  at: z.number(),
  debateId: z.string().nullable(),
  actor: ActorSchema,
  ip: z.string().nullable(),
  /** `link:moderator:issued`, `link:display:issued`, `invitation:created`, `link:revoked`, `debate:created`, `debate:updated`, `debate:<transition>`. */
  action: z.string(),
  details: z.record(z.string(), z.unknown()),
});
export const AuditResponseSchema = z.object({ entries: z.array(AuditEntrySchema) });
