// Read models of the debate log: each appended event updates the tables the archive
// and the REST API query (debates status, turns, polls, questions, contributions),
// inside the append's transaction so a projection never disagrees with the log.
// Handlers are keyed by event type; types without a handler (queue moves, warnings...)
// live in the log only. Events arrive typed: the event store parses every row with the
// protocol's union (protocol/events/) before projecting it, so a shape drift in a domain
// module fails the append loudly instead of writing half a row.
import { eq } from 'drizzle-orm';
import type { DebateEvent, EventType } from '../protocol/events/index.ts';
import type { DebateStatus } from '../protocol/modalities.ts';
import type { Db } from './client.ts';
import { contributions, debates, polls, questions, questionVotes, turns } from './schema.ts';

type OnEvent<E> = (tx: Db, event: E) => Promise<void>;
/** The handler of one type (or of several alike) takes exactly the events of that type. */
type Handler<T extends EventType> = OnEvent<DebateEvent<T>>;
type Handlers = { [T in EventType]?: OnEvent<DebateEvent<T>> };

function lifecycle(
  status: DebateStatus,
  column: 'announcedAt' | 'startedAt' | 'endedAt' | 'archivedAt',
): Handler<'debate:announced' | 'debate:started' | 'debate:ended' | 'debate:archived'> {
  return async (tx, e) => {
    const at = new Date(e.at);
    await tx.update(debates).set({ status, [column]: at, updatedAt: at }).where(eq(debates.id, e.debateId));
  };
}

function questionStatus(status: 'approved' | 'hidden' | 'answered'): Handler<'question:approved' | 'question:hidden' | 'question:answered'> {
  return async (tx, e) => {
    const { questionId, at } = e.payload;
    const set = status === 'answered' ? { status, answeredAt: at } : { status, moderatedAt: at };
    await tx.update(questions).set(set).where(eq(questions.id, questionId));
  };
}

function closeTurn(status: 'ended' | 'expired'): Handler<'floor:ended' | 'floor:expired'> {
  return async (tx, e) => {
    const p = e.payload;
    await tx
      .update(turns)
      .set({ status, endedAt: p.endedAt, spokenMs: p.spokenMs, overtimeMs: p.overtimeMs, endReason: p.reason, deadline: null })
      .where(eq(turns.id, p.turnId));
  };
}

const insertPoll: Handler<'poll:created' | 'poll:proposed'> = async (tx, e) => {
  const p = e.payload.poll;
  await tx.insert(polls).values({
    id: p.id,
    debateId: e.debateId,
    question: p.question,
    kind: p.kind,
    options: p.options,
    maxChoices: p.maxChoices,
    scaleMax: p.scaleMax,
    anonymous: p.anonymous,
    visibility: p.visibility,
    autoCloseSeconds: p.autoCloseSeconds,
    status: p.status,
    createdBy: p.createdBy,
    proposedBy: p.proposedBy,
    createdAt: p.createdAt,
  });
};

const HANDLERS: Handlers = {
  'debate:created': async (tx, e) => {
    const p = e.payload;
    const row = { title: p.title, description: p.description, location: p.location, modalities: p.modalities };
    await tx
      .insert(debates)
      .values({ id: e.debateId, ...row, createdAt: new Date(e.at), updatedAt: new Date(e.at) })
      .onConflictDoUpdate({ target: debates.id, set: row });
  },
  'debate:updated': async (tx, e) => {
    const { title, description, location, modalities } = e.payload;
    await tx
      .update(debates)
      .set({ title, description, location, modalities, updatedAt: new Date(e.at) })
      .where(eq(debates.id, e.debateId));
  },
  'debate:announced': lifecycle('scheduled', 'announcedAt'),
  'debate:started': lifecycle('live', 'startedAt'),
  'debate:ended': lifecycle('ended', 'endedAt'),
  'debate:archived': lifecycle('archived', 'archivedAt'),
  'debate:cancelled': async (tx, e) => {
    const at = new Date(e.at);
    await tx
      .update(debates)
      .set({ status: 'cancelled', cancelledAt: at, cancelReason: e.payload.reason, updatedAt: at })
      .where(eq(debates.id, e.debateId));
  },
  'debate:postponed': async (tx, e) => {
    const [row] = await tx.select({ modalities: debates.modalities }).from(debates).where(eq(debates.id, e.debateId));
    if (!row) return;
    const { from, to, reason } = e.payload;
    await tx
      .update(debates)
      .set({ modalities: { ...row.modalities, scheduledStart: to }, postponedFrom: from, postponeReason: reason, updatedAt: new Date(e.at) })
      .where(eq(debates.id, e.debateId));
  },

  'floor:granted': async (tx, e) => {
    const p = e.payload;
    await tx.insert(turns).values({
      id: p.turnId,
      debateId: e.debateId,
      participantId: p.participantId,
      name: p.name,
      role: p.role,
      groupId: p.group,
      mode: p.mode,
      allottedMs: p.allottedMs,
      grantedAt: p.grantedAt,
      deadline: p.deadline,
      agendaSlotId: p.agendaSlotId,
      contributionId: p.contributionId,
      cappedByQuota: p.cappedByQuota,
    });
  },
  'floor:extended': async (tx, e) => {
    const p = e.payload;
    await tx.update(turns).set({ allottedMs: p.allottedMs, deadline: p.deadline }).where(eq(turns.id, p.turnId));
  },
  'floor:paused': async (tx, e) => {
    await tx.update(turns).set({ deadline: null }).where(eq(turns.id, e.payload.turnId));
  },
  'floor:resumed': async (tx, e) => {
    await tx.update(turns).set({ deadline: e.payload.deadline }).where(eq(turns.id, e.payload.turnId));
  },
  'floor:expired': closeTurn('expired'),
  'floor:ended': closeTurn('ended'),

  'poll:created': insertPoll,
  'poll:proposed': insertPoll,
  'poll:approved': async (tx, e) => {
    await tx.update(polls).set({ status: 'draft' }).where(eq(polls.id, e.payload.pollId));
  },
  'poll:rejected': async (tx, e) => {
    const p = e.payload;
    await tx.update(polls).set({ status: 'rejected', rejectReason: p.reason }).where(eq(polls.id, p.pollId));
  },
  'poll:opened': async (tx, e) => {
    const p = e.payload;
    await tx.update(polls).set({ status: 'open', openedAt: p.openedAt, closesAt: p.closesAt }).where(eq(polls.id, p.pollId));
  },
  'poll:closed': async (tx, e) => {
    const p = e.payload;
    await tx
      .update(polls)
      .set({ status: 'closed', closedAt: p.closedAt, closeReason: p.reason, results: p.results })
      .where(eq(polls.id, p.pollId));
  },

  'question:asked': async (tx, e) => {
    const q = e.payload.question;
    await tx.insert(questions).values({
      id: q.id,
      debateId: e.debateId,
      text: q.text,
      authorId: q.authorId,
      authorName: q.authorName,
      status: q.status,
      askedAt: q.askedAt,
    });
  },
  'question:upvoted': async (tx, e) => {
    const p = e.payload;
    await tx
      .insert(questionVotes)
      .values({ debateId: e.debateId, questionId: p.questionId, participantId: p.participantId, at: e.at });
    await tx.update(questions).set({ upvotes: p.upvotes }).where(eq(questions.id, p.questionId));
  },
  'question:approved': questionStatus('approved'),
  'question:hidden': questionStatus('hidden'),
  'question:answered': questionStatus('answered'),

  'contribution:submitted': async (tx, e) => {
    const c = e.payload.contribution;
    await tx.insert(contributions).values({
      id: c.id,
      debateId: e.debateId,
      text: c.text,
      authorId: c.authorId,
      authorName: c.authorName,
      groupId: c.group,
      submittedAt: c.submittedAt,
    });
  },
  'contribution:read': async (tx, e) => {
    const p = e.payload;
    await tx
      .update(contributions)
      .set({ status: 'read', readAt: e.at, turnId: p.turnId })
      .where(eq(contributions.id, p.contributionId));
  },
  'contribution:dismissed': async (tx, e) => {
    await tx
      .update(contributions)
      .set({ status: 'dismissed', dismissedAt: e.at })
      .where(eq(contributions.id, e.payload.contributionId));
  },
};

/** Event types that update a table; the others are kept in the log only. */
export const PROJECTED_EVENT_TYPES: readonly string[] = Object.keys(HANDLERS);

export async function project(tx: Db, event: DebateEvent): Promise<void> {
  await projectAs(tx, event.type, event);
}

/** `type` names the event's own type: the handler of that type takes exactly this event. */
async function projectAs<T extends EventType>(tx: Db, type: T, event: DebateEvent<T>): Promise<void> {
  const handler: Handler<T> | undefined = HANDLERS[type];
  if (handler) await handler(tx, event);
}
