// The relational schema of Tribune, shared by PostgreSQL and PGlite (one set of
// drizzle-kit migrations in migrations/ serves both).
//
// `debate_events` is the source of truth: an append-only, hash-chained log per debate.
// `turns`, `polls`, `questions`, `question_votes` and `contributions` are projections of
// that log, written in the same transaction as the events (see projections.ts).
// `ballots` is the exception: votes are written straight here by the ballot writer
// (group commit, any node), the log only records the poll lifecycle and results.
//
// Time columns: the debate/participant/invitation rows (managed through REST) use
// timestamptz; everything that comes from the log keeps the log's unit, ms since epoch
// in a bigint (mode number), so a projection row and its event compare exactly.
// Ids of turns, polls, questions and contributions are random and globally unique,
// which is what lets ballots be keyed by (poll_id, participant_id) alone.
import { sql, type SQLWrapper } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
} from 'drizzle-orm/pg-core';
import type { Role } from '../protocol/common.ts';
import type { DebateStatus, InterventionMode, Modalities } from '../protocol/modalities.ts';
import type { Actor } from '../domain/types.ts';

/**
 * The archive's text search vector: `tribune_fr` is French with accents stripped
 * (migrations/0006_french_search.sql). db/debate-search.ts queries the same expressions,
 * so the GIN indexes below serve it.
 */
export const searchVector = (text: SQLWrapper) => sql`to_tsvector('tribune_fr', ${text})`;
/**
 * The log's transcript rows and their text. The archive search and its partial index are
 * built from these, so the planner can match the query to the index; the types stay SQL
 * literals (a bound parameter would not prove the index's predicate).
 */
export const isTranscriptEvent = (type: SQLWrapper) => sql`${type} in ('caption:final', 'caption:corrected')`;
export const transcriptText = (payload: SQLWrapper) => sql`(${payload}->>'text')`;

const tstz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const ms = (name: string) => bigint(name, { mode: 'number' });

export const debates = pgTable(
  'debates',
  {
    id: text('id').primaryKey(),
    title: text('title').notNull(),
    description: text('description'),
    location: text('location'),
    status: text('status').$type<DebateStatus>().notNull().default('draft'),
    modalities: jsonb('modalities').$type<Modalities>().notNull(),
    createdAt: tstz('created_at').notNull().defaultNow(),
    updatedAt: tstz('updated_at').notNull().defaultNow(),
    announcedAt: tstz('announced_at'),
    startedAt: tstz('started_at'),
    endedAt: tstz('ended_at'),
    archivedAt: tstz('archived_at'),
    cancelledAt: tstz('cancelled_at'),
    /** Why the organizer cancelled it (shown on the debate's page). */
    cancelReason: text('cancel_reason'),
    /** The scheduled start before the last postponement (ISO-8601, as it was given). */
    postponedFrom: text('postponed_from'),
    postponeReason: text('postpone_reason'),
  },
  (t) => [
    index('debates_status_idx').on(t.status),
    index('debates_search_idx').using('gin', searchVector(sql`${t.title} || ' ' || coalesce(${t.description}, '')`)),
    check('debates_status_check', sql`${t.status} in ('draft', 'scheduled', 'live', 'ended', 'archived', 'cancelled')`),
  ],
);

export const participants = pgTable(
  'participants',
  {
    debateId: text('debate_id')
      .notNull()
      .references(() => debates.id, { onDelete: 'cascade' }),
    id: text('id').notNull(),
    role: text('role').$type<Role>().notNull(),
    displayName: text('display_name').notNull(),
    groupId: text('group_id'),
    guestId: text('guest_id'),
    invitationId: text('invitation_id'),
    createdAt: tstz('created_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.debateId, t.id] }),
    check('participants_role_check', sql`${t.role} in ('moderator', 'speaker', 'participant', 'display', 'captioner')`),
  ],
);

export const invitations = pgTable(
  'invitations',
  {
    id: text('id').primaryKey(),
    debateId: text('debate_id')
      .notNull()
      .references(() => debates.id, { onDelete: 'cascade' }),
    kind: text('kind').$type<'participant' | 'speaker'>().notNull(),
    /** sha256 hex of the clear code; the code itself is never stored. */
    codeHash: text('code_hash').notNull().unique('invitations_code_hash_unique'),
    guestId: text('guest_id'),
    displayName: text('display_name'),
    createdAt: tstz('created_at').notNull().defaultNow(),
    usedAt: tstz('used_at'),
    usedBy: text('used_by'),
  },
  (t) => [
    index('invitations_debate_idx').on(t.debateId),
    check('invitations_kind_check', sql`${t.kind} in ('participant', 'speaker')`),
  ],
);

/**
 * Rejoin credentials of participants: a long-lived `device` secret kept by one browser
 * (every tab, reload and reconnection is the same participant) and short `transfer` codes
 * that move it to another device (single use, minutes). Only sha256 hashes are stored.
 */
export const rejoinCredentials = pgTable(
  'rejoin_credentials',
  {
    id: text('id').primaryKey(),
    debateId: text('debate_id')
      .notNull()
      .references(() => debates.id, { onDelete: 'cascade' }),
    participantId: text('participant_id').notNull(),
    kind: text('kind').$type<'device' | 'transfer'>().notNull(),
    secretHash: text('secret_hash').notNull().unique('rejoin_credentials_secret_hash_unique'),
    createdAt: tstz('created_at').notNull().defaultNow(),
    /** null: lives as long as the debate takes people. */
    expiresAt: tstz('expires_at'),
    usedAt: tstz('used_at'),
    revokedAt: tstz('revoked_at'),
  },
  (t) => [
    index('rejoin_credentials_participant_idx').on(t.debateId, t.participantId),
    check('rejoin_credentials_kind_check', sql`${t.kind} in ('device', 'transfer')`),
  ],
);

/** No foreign key to debates on purpose: the log outlives any mutable row. */
export const debateEvents = pgTable(
  'debate_events',
  {
    debateId: text('debate_id').notNull(),
    seq: integer('seq').notNull(),
    at: ms('at').notNull(),
    actor: jsonb('actor').$type<Actor>().notNull(),
    type: text('type').notNull(),
    payload: jsonb('payload').$type<unknown>().notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    primaryKey({ name: 'debate_events_pkey', columns: [t.debateId, t.seq] }),
    index('debate_events_type_idx').on(t.debateId, t.type),
    // The archive's search over transcripts (db/debate-search.ts): caption lines and their
    // corrections only.
    index('debate_events_transcript_search_idx').using('gin', searchVector(transcriptText(t.payload))).where(isTranscriptEvent(t.type)),
  ],
);

/**
 * The fencing token of each debate's single writer. A node that takes a debate over
 * bumps `epoch` (one statement) before it reads the log; every append compares its epoch
 * with this row inside its transaction, so a node that lost the debate (frozen,
 * partitioned, slow) can never append after another took it: PostgreSQL decides, not a
 * clock or Redis. No foreign key, like the log it guards.
 */
export const debateWriters = pgTable('debate_writers', {
  debateId: text('debate_id').primaryKey(),
  epoch: integer('epoch').notNull(),
  /** The node holding `epoch` (for operators; the epoch alone decides). */
  nodeId: text('node_id').notNull(),
  takenAt: tstz('taken_at').notNull().defaultNow(),
});

/**
 * The result of every command sent with an idempotency key (the client's `commandId`),
 * written in the transaction that appends its events: a command retried or forwarded
 * again, on this node or on the one that took the debate over, finds it and returns it
 * instead of running again. `fingerprint` (sha256 of name, payload and sender) tells a
 * retry from a different command reusing the key.
 */
export const commandResults = pgTable(
  'command_results',
  {
    debateId: text('debate_id').notNull(),
    commandId: text('command_id').notNull(),
    fingerprint: text('fingerprint').notNull(),
    result: jsonb('result').$type<unknown>().notNull(),
    seq: integer('seq').notNull(),
  },
  (t) => [primaryKey({ name: 'command_results_pkey', columns: [t.debateId, t.commandId] })],
);

export const turns = pgTable(
  'turns',
  {
    id: text('id').primaryKey(),
    debateId: text('debate_id')
      .notNull()
      .references(() => debates.id, { onDelete: 'cascade' }),
    participantId: text('participant_id').notNull(),
    name: text('name').notNull(),
    role: text('role').$type<Role>().notNull(),
    groupId: text('group_id'),
    mode: text('mode').$type<InterventionMode>().notNull(),
    allottedMs: integer('allotted_ms').notNull(),
    grantedAt: ms('granted_at').notNull(),
    /** null while the turn is paused. */
    deadline: ms('deadline'),
    agendaSlotId: text('agenda_slot_id'),
    contributionId: text('contribution_id'),
    cappedByQuota: boolean('capped_by_quota').notNull().default(false),
    /** 'active' until floor:ended / floor:expired. */
    status: text('status').$type<'active' | 'ended' | 'expired'>().notNull().default('active'),
    endedAt: ms('ended_at'),
    spokenMs: integer('spoken_ms'),
    overtimeMs: integer('overtime_ms'),
    endReason: text('end_reason'),
  },
  (t) => [index('turns_debate_idx').on(t.debateId, t.grantedAt)],
);

export const polls = pgTable(
  'polls',
  {
    id: text('id').primaryKey(),
    debateId: text('debate_id')
      .notNull()
      .references(() => debates.id, { onDelete: 'cascade' }),
    question: text('question').notNull(),
    kind: text('kind').notNull(),
    options: jsonb('options').$type<unknown[]>().notNull(),
    maxChoices: integer('max_choices'),
    scaleMax: integer('scale_max'),
    anonymous: boolean('anonymous').notNull().default(false),
    visibility: text('visibility'),
    autoCloseSeconds: integer('auto_close_seconds'),
    status: text('status').notNull(),
    createdBy: text('created_by'),
    proposedBy: text('proposed_by'),
    createdAt: ms('created_at').notNull(),
    openedAt: ms('opened_at'),
    closesAt: ms('closes_at'),
    closedAt: ms('closed_at'),
    closeReason: text('close_reason'),
    /**
     * Set by the owner when it starts closing the poll, before it counts: a ballot is
     * stored only while this is null (checked in the ballot's own statement, on any node),
     * so the count taken after it is exactly the rows.
     */
    ballotsClosedAt: ms('ballots_closed_at'),
    rejectReason: text('reject_reason'),
    results: jsonb('results').$type<unknown>(),
  },
  (t) => [index('polls_debate_idx').on(t.debateId, t.createdAt)],
);

/** One row per (poll, voter); a changed vote overwrites it and bumps `version`. */
export const ballots = pgTable(
  'ballots',
  {
    debateId: text('debate_id').notNull(),
    pollId: text('poll_id')
      .notNull()
      .references(() => polls.id, { onDelete: 'cascade' }),
    participantId: text('participant_id').notNull(),
    choices: jsonb('choices').$type<number[]>().notNull(),
    receipt: text('receipt').notNull(),
    version: integer('version').notNull().default(1),
    castAt: ms('cast_at').notNull(),
    /**
     * The voter's own sequence number of this ballot (the client counts up): a ballot
     * whose number is not above the stored one never overwrites it. 0: sent without one.
     */
    clientSeq: bigint('client_seq', { mode: 'number' }).notNull().default(0),
  },
  // Only the unique key: this table is the hot path of a vote storm, every extra index
  // costs each ballot. Receipt look-ups are rare and scan one poll's rows.
  (t) => [unique('ballots_poll_participant_unique').on(t.pollId, t.participantId)],
);

export const questions = pgTable(
  'questions',
  {
    id: text('id').primaryKey(),
    debateId: text('debate_id')
      .notNull()
      .references(() => debates.id, { onDelete: 'cascade' }),
    text: text('text').notNull(),
    authorId: text('author_id').notNull(),
    authorName: text('author_name').notNull(),
    status: text('status').notNull(),
    upvotes: integer('upvotes').notNull().default(0),
    askedAt: ms('asked_at').notNull(),
    moderatedAt: ms('moderated_at'),
    answeredAt: ms('answered_at'),
  },
  (t) => [
    index('questions_debate_idx').on(t.debateId, t.askedAt),
    index('questions_search_idx').using('gin', searchVector(t.text)),
  ],
);

export const questionVotes = pgTable(
  'question_votes',
  {
    debateId: text('debate_id').notNull(),
    questionId: text('question_id')
      .notNull()
      .references(() => questions.id, { onDelete: 'cascade' }),
    participantId: text('participant_id').notNull(),
    at: ms('at').notNull(),
  },
  (t) => [unique('question_votes_question_participant_unique').on(t.questionId, t.participantId)],
);

export const contributions = pgTable(
  'contributions',
  {
    id: text('id').primaryKey(),
    debateId: text('debate_id')
      .notNull()
      .references(() => debates.id, { onDelete: 'cascade' }),
    text: text('text').notNull(),
    authorId: text('author_id').notNull(),
    authorName: text('author_name').notNull(),
    groupId: text('group_id'),
    status: text('status').$type<'submitted' | 'read' | 'dismissed'>().notNull().default('submitted'),
    submittedAt: ms('submitted_at').notNull(),
    readAt: ms('read_at'),
    turnId: text('turn_id'),
    dismissedAt: ms('dismissed_at'),
  },
  (t) => [
    index('contributions_debate_idx').on(t.debateId, t.submittedAt),
    index('contributions_search_idx').using('gin', searchVector(t.text)),
  ],
);

/**
 * One recording of a debate's media (media/recording/): a file under the data directory,
 * written while `status` is 'recording'. Times are on the server clock (ms); `started_at`
 * is the instant of the file's t=0, so a timeline moment maps to an offset in the file.
 * Size and duration (ffprobe) are filled in when the recording ends, failed ones included.
 */
export const recordings = pgTable(
  'recordings',
  {
    id: text('id').primaryKey(),
    debateId: text('debate_id')
      .notNull()
      .references(() => debates.id, { onDelete: 'cascade' }),
    /** What was recorded, e.g. 'program'. */
    label: text('label').notNull(),
    status: text('status').$type<'recording' | 'complete' | 'failed'>().notNull().default('recording'),
    tracks: jsonb('tracks').$type<{ kind: 'audio' | 'video'; mimeType: string }[]>().notNull(),
    /** Relative to the data directory, '/'-separated. */
    filePath: text('file_path').notNull(),
    startedAt: ms('started_at').notNull(),
    endedAt: ms('ended_at'),
    sizeBytes: bigint('size_bytes', { mode: 'number' }),
    durationMs: integer('duration_ms'),
    /** Why a failed recording failed. */
    error: text('error'),
  },
  (t) => [
    index('recordings_debate_idx').on(t.debateId, t.startedAt),
    check('recordings_status_check', sql`${t.status} in ('recording', 'complete', 'failed')`),
  ],
);

/**
 * Staff links withdrawn before their expiry (access/revocations.ts): a moderator or
 * room-display token is refused, on connect and on REST, once its participant is here.
 */
export const revokedLinks = pgTable(
  'revoked_links',
  {
    debateId: text('debate_id')
      .notNull()
      .references(() => debates.id, { onDelete: 'cascade' }),
    /** The revoked token's `sub`. */
    participantId: text('participant_id').notNull(),
    revokedAt: tstz('revoked_at').notNull().defaultNow(),
    revokedBy: jsonb('revoked_by').$type<Actor>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.debateId, t.participantId] })],
);

/**
 * The audit trail of staff actions (audit/audit-log.ts): links issued and revoked,
 * modalities changed, debates started and ended. Apart from the public log: it names
 * staff and is read by organizers only. No foreign key: it outlives what it mentions.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: text('id').primaryKey(),
    at: ms('at').notNull(),
    debateId: text('debate_id'),
    actor: jsonb('actor').$type<Actor>().notNull(),
    /** Client address of the request, when it came over HTTP or a socket. */
    ip: text('ip'),
    action: text('action').notNull(),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [index('audit_log_at_idx').on(t.at), index('audit_log_debate_idx').on(t.debateId, t.at)],
);

/**
 * Debates proposed by citizens (requests/): public once the proposer confirmed by mail
 * ('unconfirmed' → 'open'), then accepted (a draft debate, `debate_id`) or declined with a
 * public answer. Holds no address: those are in `debate_request_supports`.
 */
export const debateRequests = pgTable(
  'debate_requests',
  {
    id: text('id').primaryKey(),
    topic: text('topic').notNull(),
    why: text('why').notNull(),
    proposedFormat: text('proposed_format').$type<'in_room' | 'hybrid' | 'online'>().notNull(),
    /** The public name the proposer chose to show, if any. */
    proposerName: text('proposer_name'),
    status: text('status').$type<'unconfirmed' | 'open' | 'accepted' | 'declined'>().notNull().default('unconfirmed'),
    createdAt: tstz('created_at').notNull().defaultNow(),
    publishedAt: tstz('published_at'),
    answeredAt: tstz('answered_at'),
    /** The organizer's public answer (why not, or a word on the accepted debate). */
    answer: text('answer'),
    debateId: text('debate_id'),
  },
  (t) => [
    index('debate_requests_status_idx').on(t.status, t.createdAt),
    check('debate_requests_status_check', sql`${t.status} in ('unconfirmed', 'open', 'accepted', 'declined')`),
    check('debate_requests_format_check', sql`${t.proposedFormat} in ('in_room', 'hybrid', 'online')`),
  ],
);

/**
 * One support per address and request, confirmed by a mailed link (only its sha256 is
 * kept). The addresses serve this purpose only: confirming, and telling supporters the
 * organizer's answer; never public, never in the archive; deleted with the request.
 */
export const debateRequestSupports = pgTable(
  'debate_request_supports',
  {
    id: text('id').primaryKey(),
    requestId: text('request_id')
      .notNull()
      .references(() => debateRequests.id, { onDelete: 'cascade' }),
    /** Lower-cased. */
    email: text('email').notNull(),
    lang: text('lang').$type<'fr' | 'en'>().notNull().default('fr'),
    /** The proposer's own support: confirming it publishes the request. */
    proposer: boolean('proposer').notNull().default(false),
    tokenHash: text('token_hash').notNull().unique('debate_request_supports_token_unique'),
    createdAt: tstz('created_at').notNull().defaultNow(),
    confirmedAt: tstz('confirmed_at'),
  },
  (t) => [unique('debate_request_supports_request_email_unique').on(t.requestId, t.email)],
);

/**
 * The organizer's webhooks (webhooks/): a URL, the events it wants, and its Standard
 * Webhooks secret (`whsec_` + base64), kept to sign and shown once, at creation.
 */
export const webhooks = pgTable('webhooks', {
  id: text('id').primaryKey(),
  url: text('url').notNull(),
  description: text('description'),
  events: jsonb('events').$type<string[]>().notNull(),
  secret: text('secret').notNull(),
  createdAt: tstz('created_at').notNull().defaultNow(),
});

/**
 * Every message sent to a webhook: the signed body as sent (same id and body on every
 * retry, as the scheme asks), its attempts and outcome. The organizer's delivery log.
 */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    /** The `webhook-id` header (msg_…). */
    id: text('id').primaryKey(),
    webhookId: text('webhook_id')
      .notNull()
      .references(() => webhooks.id, { onDelete: 'cascade' }),
    event: text('event').notNull(),
    debateId: text('debate_id'),
    body: text('body').notNull(),
    status: text('status').$type<'pending' | 'delivered' | 'failed'>().notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastStatusCode: integer('last_status_code'),
    lastError: text('last_error'),
    createdAt: ms('created_at').notNull(),
    lastAttemptAt: ms('last_attempt_at'),
    deliveredAt: ms('delivered_at'),
  },
  (t) => [
    index('webhook_deliveries_hook_idx').on(t.webhookId, t.createdAt),
    check('webhook_deliveries_status_check', sql`${t.status} in ('pending', 'delivered', 'failed')`),
  ],
);

/**
 * RTMP(S) destinations of a debate's broadcast (media/broadcast/), set by the organizer:
 * the ingest URL and its stream key. The key is a secret: read only to start a push,
 * never returned by the API nor logged (http/broadcast-routes.ts, media/broadcast/pusher.ts).
 */
export const broadcastDestinations = pgTable(
  'broadcast_destinations',
  {
    id: text('id').primaryKey(),
    debateId: text('debate_id')
      .notNull()
      .references(() => debates.id, { onDelete: 'cascade' }),
    label: text('label').notNull(),
    url: text('url').notNull(),
    streamKey: text('stream_key').notNull(),
    createdAt: ms('created_at').notNull(),
  },
  (t) => [index('broadcast_destinations_debate_idx').on(t.debateId, t.createdAt)],
);

/**
 * E-mail subscriptions (notify/subscriptions.ts), kept apart from everything public: only
 * for notifications about debates, deleted on unsubscribe, never in an archive export.
 * One row per address and scope (a debate, every debate, or a tag). Links in mails carry
 * an HMAC of (id, nonce) instead of a stored secret; a new nonce voids the old links.
 */
export const notifySubscriptions = pgTable(
  'notify_subscriptions',
  {
    id: text('id').primaryKey(),
    /** Lower-cased. */
    email: text('email').notNull(),
    name: text('name'),
    lang: text('lang').$type<'fr' | 'en'>().notNull().default('fr'),
    scope: text('scope').$type<'debate' | 'all' | 'tag'>().notNull(),
    /** The debate id or the tag; '' for all. */
    scopeValue: text('scope_value').notNull().default(''),
    nonce: text('nonce').notNull(),
    createdAt: tstz('created_at').notNull().defaultNow(),
    confirmedAt: tstz('confirmed_at'),
  },
  (t) => [
    unique('notify_subscriptions_address_scope_unique').on(t.email, t.scope, t.scopeValue),
    index('notify_subscriptions_scope_idx').on(t.scope, t.scopeValue),
    check('notify_subscriptions_scope_check', sql`${t.scope} in ('debate', 'all', 'tag')`),
    check('notify_subscriptions_lang_check', sql`${t.lang} in ('fr', 'en')`),
  ],
);

/**
 * The delivery log of notification mails (notify/deliveries.ts): one row per mail and
 * recipient, keyed so that a mail is queued once whatever retries, restarts and nodes do.
 * Holds a masked hint of the address, never the address (the subscription has it).
 */
export const notifyDeliveries = pgTable(
  'notify_deliveries',
  {
    id: text('id').primaryKey(),
    dedupeKey: text('dedupe_key').notNull().unique('notify_deliveries_dedupe_unique'),
    debateId: text('debate_id'),
    kind: text('kind').notNull(),
    subscriptionId: text('subscription_id'),
    recipientHint: text('recipient_hint').notNull(),
    status: text('status').$type<'queued' | 'sent' | 'failed' | 'skipped'>().notNull().default('queued'),
    attempts: integer('attempts').notNull().default(0),
    error: text('error'),
    messageId: text('message_id'),
    createdAt: tstz('created_at').notNull().defaultNow(),
    updatedAt: tstz('updated_at').notNull().defaultNow(),
    sentAt: tstz('sent_at'),
  },
  (t) => [
    index('notify_deliveries_debate_idx').on(t.debateId, t.kind),
    check('notify_deliveries_status_check', sql`${t.status} in ('queued', 'sent', 'failed', 'skipped')`),
  ],
);
