// Read models of the debate log: each appended event updates the tables the archive
// and the REST API query (debates status, turns, polls, questions, contributions),
// inside the append's transaction so a projection never disagrees with the log.
// Handlers are keyed by event type; types without a handler (queue moves, warnings...)
// live in the log only. Payloads are parsed, so a shape drift in a domain module fails
// the append loudly instead of writing half a row.
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { AppError } from '../errors.ts';
import type { DebateEvent } from '../domain/types.ts';
import type { DebateStatus, Modalities } from '../protocol/modalities.ts';
import type { Db } from './client.ts';
import { contributions, debates, polls, questions, questionVotes, turns } from './schema.ts';

type Handler = (tx: Db, event: DebateEvent) => Promise<void>;

const Ms = z.number().int();
const OptStr = z.string().nullish().transform((v) => v ?? null);
const OptInt = z.number().int().nullish().transform((v) => v ?? null);

function parse<T extends z.ZodType>(schema: T, event: DebateEvent): z.infer<T> {
  const r = schema.safeParse(event.payload);
  if (!r.success) {
    throw new AppError('INTERNAL', `Cannot project ${event.type} #${event.seq}: unexpected payload`, {
      issues: r.error.issues,
    });
  }
  return r.data;
}

// Modalities were validated by the domain before the event was drafted.
const ModalitiesShape = z.custom<Modalities>((v) => typeof v === 'object' && v !== null && !Array.isArray(v));
const DebateCreated = z.object({
  title: z.string(),
  description: OptStr,
  location: OptStr,
  modalities: ModalitiesShape,
});
const DebateUpdated = z.object({
  title: z.string().optional(),
  description: z.string().nullable().optional(),
  location: z.string().nullable().optional(),
  modalities: ModalitiesShape.optional(),
});

function lifecycle(status: DebateStatus, column: 'announcedAt' | 'startedAt' | 'endedAt' | 'archivedAt'): Handler {
  return async (tx, e) => {
    const at = new Date(e.at);
    await tx.update(debates).set({ status, [column]: at, updatedAt: at }).where(eq(debates.id, e.debateId));
  };
}

const FloorGranted = z.object({
  turnId: z.string(),
  participantId: z.string(),
  name: z.string(),
  role: z.enum(['moderator', 'speaker', 'participant', 'display']),
  group: OptStr,
  mode: z.enum(['oral', 'written']),
  allottedMs: Ms,
  grantedAt: Ms,
  deadline: OptInt,
  agendaSlotId: OptStr,
  contributionId: OptStr,
  cappedByQuota: z.boolean().optional().default(false),
});
const FloorExtended = z.object({ turnId: z.string(), allottedMs: Ms, deadline: OptInt.optional() });
const FloorPaused = z.object({ turnId: z.string() });
const FloorResumed = z.object({ turnId: z.string(), deadline: Ms });
const FloorClosed = z.object({
  turnId: z.string(),
  endedAt: Ms,
  spokenMs: Ms,
  overtimeMs: Ms,
  reason: z.string(),
});

const PollDef = z.object({
  poll: z.object({
    id: z.string(),
    question: z.string(),
    kind: z.string(),
    options: z.array(z.unknown()),
    maxChoices: OptInt,
    scaleMax: OptInt,
    anonymous: z.boolean().optional().default(false),
    visibility: OptStr,
    autoCloseSeconds: OptInt,
    status: z.string(),
    createdBy: OptStr,
    proposedBy: OptStr,
    createdAt: Ms,
  }),
});
const PollRef = z.object({ pollId: z.string() });
const PollRejected = z.object({ pollId: z.string(), reason: OptStr });
const PollOpened = z.object({ pollId: z.string(), openedAt: Ms, closesAt: OptInt });
const PollClosed = z.object({ pollId: z.string(), closedAt: Ms, reason: OptStr, results: z.unknown() });

const QuestionAsked = z.object({
  question: z.object({
    id: z.string(),
    text: z.string(),
    authorId: z.string(),
    authorName: z.string(),
    status: z.string(),
    askedAt: Ms,
  }),
});
const QuestionUpvoted = z.object({ questionId: z.string(), participantId: z.string(), upvotes: z.number().int() });
const QuestionModerated = z.object({ questionId: z.string(), at: Ms.optional() });

const ContributionSubmitted = z.object({
  contribution: z.object({
    id: z.string(),
    text: z.string(),
    authorId: z.string(),
    authorName: z.string(),
    group: OptStr,
    submittedAt: Ms,
  }),
});
const ContributionRead = z.object({ contributionId: z.string(), turnId: OptStr });
const ContributionRef = z.object({ contributionId: z.string() });

function questionStatus(status: 'approved' | 'hidden' | 'answered'): Handler {
  return async (tx, e) => {
    const p = parse(QuestionModerated, e);
    const at = p.at ?? e.at;
    const set = status === 'answered' ? { status, answeredAt: at } : { status, moderatedAt: at };
    await tx.update(questions).set(set).where(eq(questions.id, p.questionId));
  };
}

function closeTurn(status: 'ended' | 'expired'): Handler {
  return async (tx, e) => {
    const p = parse(FloorClosed, e);
    await tx
      .update(turns)
      .set({ status, endedAt: p.endedAt, spokenMs: p.spokenMs, overtimeMs: p.overtimeMs, endReason: p.reason, deadline: null })
      .where(eq(turns.id, p.turnId));
  };
}

async function insertPoll(tx: Db, e: DebateEvent): Promise<void> {
  const { poll } = parse(PollDef, e);
  await tx.insert(polls).values({ ...poll, debateId: e.debateId });
}

const HANDLERS: Record<string, Handler> = {
  'debate:created': async (tx, e) => {
    const p = parse(DebateCreated, e);
    const row = { title: p.title, description: p.description, location: p.location, modalities: p.modalities };
    await tx
      .insert(debates)
      .values({ id: e.debateId, ...row, createdAt: new Date(e.at), updatedAt: new Date(e.at) })
      .onConflictDoUpdate({ target: debates.id, set: row });
  },
  'debate:updated': async (tx, e) => {
    const p = parse(DebateUpdated, e);
    await tx.update(debates).set({ ...p, updatedAt: new Date(e.at) }).where(eq(debates.id, e.debateId));
  },
  'debate:announced': lifecycle('scheduled', 'announcedAt'),
  'debate:started': lifecycle('live', 'startedAt'),
  'debate:ended': lifecycle('ended', 'endedAt'),
  'debate:archived': lifecycle('archived', 'archivedAt'),

  'floor:granted': async (tx, e) => {
    const p = parse(FloorGranted, e);
    const { turnId, group, ...rest } = p;
    await tx.insert(turns).values({ ...rest, id: turnId, groupId: group, debateId: e.debateId });
  },
  'floor:extended': async (tx, e) => {
    const p = parse(FloorExtended, e);
    const set = p.deadline === undefined ? { allottedMs: p.allottedMs } : { allottedMs: p.allottedMs, deadline: p.deadline };
    await tx.update(turns).set(set).where(eq(turns.id, p.turnId));
  },
  'floor:paused': async (tx, e) => {
    const p = parse(FloorPaused, e);
    await tx.update(turns).set({ deadline: null }).where(eq(turns.id, p.turnId));
  },
  'floor:resumed': async (tx, e) => {
    const p = parse(FloorResumed, e);
    await tx.update(turns).set({ deadline: p.deadline }).where(eq(turns.id, p.turnId));
  },
  'floor:expired': closeTurn('expired'),
  'floor:ended': closeTurn('ended'),

  'poll:created': insertPoll,
  'poll:proposed': insertPoll,
  'poll:approved': async (tx, e) => {
    const p = parse(PollRef, e);
    await tx.update(polls).set({ status: 'draft' }).where(eq(polls.id, p.pollId));
  },
  'poll:rejected': async (tx, e) => {
    const p = parse(PollRejected, e);
    await tx.update(polls).set({ status: 'rejected', rejectReason: p.reason }).where(eq(polls.id, p.pollId));
  },
  'poll:opened': async (tx, e) => {
    const p = parse(PollOpened, e);
    await tx
      .update(polls)
      .set({ status: 'open', openedAt: p.openedAt, closesAt: p.closesAt })
      .where(eq(polls.id, p.pollId));
  },
  'poll:closed': async (tx, e) => {
    const p = parse(PollClosed, e);
    await tx
      .update(polls)
      .set({ status: 'closed', closedAt: p.closedAt, closeReason: p.reason, results: p.results ?? null })
      .where(eq(polls.id, p.pollId));
  },

  'question:asked': async (tx, e) => {
    const { question } = parse(QuestionAsked, e);
    await tx.insert(questions).values({ ...question, debateId: e.debateId });
  },
  'question:upvoted': async (tx, e) => {
    const p = parse(QuestionUpvoted, e);
    await tx
      .insert(questionVotes)
      .values({ debateId: e.debateId, questionId: p.questionId, participantId: p.participantId, at: e.at });
    await tx.update(questions).set({ upvotes: p.upvotes }).where(eq(questions.id, p.questionId));
  },
  'question:approved': questionStatus('approved'),
  'question:hidden': questionStatus('hidden'),
  'question:answered': questionStatus('answered'),

  'contribution:submitted': async (tx, e) => {
    const { contribution: c } = parse(ContributionSubmitted, e);
    const { group, ...rest } = c;
    await tx.insert(contributions).values({ ...rest, groupId: group, debateId: e.debateId });
  },
  'contribution:read': async (tx, e) => {
    const p = parse(ContributionRead, e);
    await tx
      .update(contributions)
      .set({ status: 'read', readAt: e.at, turnId: p.turnId })
      .where(eq(contributions.id, p.contributionId));
  },
  'contribution:dismissed': async (tx, e) => {
    const p = parse(ContributionRef, e);
    await tx
      .update(contributions)
      .set({ status: 'dismissed', dismissedAt: e.at })
      .where(eq(contributions.id, p.contributionId));
  },
};

/** Event types that update a table; the others are kept in the log only. */
export const PROJECTED_EVENT_TYPES: readonly string[] = Object.keys(HANDLERS);

export async function project(tx: Db, event: DebateEvent): Promise<void> {
  const handler = HANDLERS[event.type];
  if (handler) await handler(tx, event);
}
