// Debate requests from citizens: a proposal (public once its proposer confirmed it by
// mail), supports (one per address, confirmed by mail), and the organizer's answer:
// accept (a draft debate prefilled from the request) or decline (a public answer mailed
// to the supporters). Mails go through the durable job queue (`request-mail`): a job
// names the support, the worker reads the address then, so an address deleted with its
// request is never mailed and no address (nor token) sits in the queue's tables.
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { and, asc, count, eq, inArray, isNotNull, isNull, lt, sql } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { debateRequests, debateRequestSupports } from '../db/schema.ts';
import { AppError } from '../errors.ts';
import type { JobQueue } from '../notify/job-queue.ts';
import type { Mailer } from '../notify/mailer.ts';
import { ModalitiesSchema } from '../protocol/modalities.ts';
import type { DebateRequestDto, ProposeRequestBody, RequestStatus, SupportRequestBody } from '../protocol/requests.ts';
import { renderRequestMail, type RequestMailKind } from './request-mails.ts';

export const REQUEST_MAIL_QUEUE = 'request-mail';

export interface RequestMailJob {
  kind: RequestMailKind;
  supportId: string;
  requestId: string;
}

export interface NewDraft {
  title: string;
  description: string;
  modalities: ReturnType<typeof ModalitiesSchema.parse>;
}

export interface RequestsDeps {
  database: Database;
  jobs: JobQueue;
  mailer: Mailer;
  baseUrl: () => string;
  now: () => number;
  /** Server secret the confirmation tokens are derived from. */
  secret: string;
  /** Creates the draft debate of an accepted request; resolves to its id. */
  createDraft: (draft: NewDraft) => Promise<string>;
  /** Subscribes confirmed supporters to the accepted debate (notify-mail); absent: nobody is. */
  subscribe?: (debateId: string, supporters: { email: string; lang: 'fr' | 'en' }[]) => Promise<void>;
}

type RequestRow = typeof debateRequests.$inferSelect;

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const newId = () => randomBytes(9).toString('base64url');
const msOrNull = (d: Date | null) => (d ? d.getTime() : null);
const HOUR = 3_600_000;
/** Unconfirmed proposals and supports are deleted after this: an address nobody confirmed is not kept. */
export const UNCONFIRMED_TTL_MS = 7 * 24 * HOUR;

export function createRequestsService(deps: RequestsDeps) {
  const { db } = deps.database;

  function mailOn(): void {
    if (!deps.mailer.enabled) throw new AppError('EMAIL_OFF', 'e-mail is off on this server: requests cannot be confirmed');
  }

  async function supportCounts(ids: string[]): Promise<Map<string, number>> {
    if (ids.length === 0) return new Map();
    const rows = await db
      .select({ id: debateRequestSupports.requestId, n: count() })
      .from(debateRequestSupports)
      .where(and(inArray(debateRequestSupports.requestId, ids), isNotNull(debateRequestSupports.confirmedAt)))
      .groupBy(debateRequestSupports.requestId);
    return new Map(rows.map((r) => [r.id, Number(r.n)]));
  }

  const toDto = (r: RequestRow, supportCount: number): DebateRequestDto => ({
    id: r.id,
    topic: r.topic,
    why: r.why,
    proposedFormat: r.proposedFormat,
    proposerName: r.proposerName,
    status: r.status,
    supportCount,
    createdAt: r.createdAt.getTime(),
    publishedAt: msOrNull(r.publishedAt),
    answeredAt: msOrNull(r.answeredAt),
    answer: r.answer,
    debateId: r.debateId,
  });

  async function row(id: string, publicOnly: boolean): Promise<RequestRow> {
    const [r] = await db.select().from(debateRequests).where(eq(debateRequests.id, id));
    if (!r || (publicOnly && r.status === 'unconfirmed')) throw new AppError('NOT_FOUND', 'No such debate request');
    return r;
  }

  async function dto(r: RequestRow): Promise<DebateRequestDto> {
    return toDto(r, (await supportCounts([r.id])).get(r.id) ?? 0);
  }

  /**
   * The confirmation token of a support: an HMAC of its id under the server's secret, so
   * a resent mail carries the same link and neither the queue nor the table holds it
   * (only its sha256, to find the support).
   */
  const tokenOf = (supportId: string) => createHmac('sha256', deps.secret).update(`tribune:request-support:${supportId}`).digest('base64url');

  /** Deletes what was never confirmed within UNCONFIRMED_TTL_MS (run before each new proposal or support). */
  async function purgeUnconfirmed(): Promise<void> {
    const before = new Date(deps.now() - UNCONFIRMED_TTL_MS);
    await db.delete(debateRequests).where(and(eq(debateRequests.status, 'unconfirmed'), lt(debateRequests.createdAt, before)));
    await db.delete(debateRequestSupports).where(and(isNull(debateRequestSupports.confirmedAt), lt(debateRequestSupports.createdAt, before)));
  }

  /** A support row, and its confirmation mail (again at most once an hour while unconfirmed). */
  async function addSupport(requestId: string, email: string, lang: 'fr' | 'en', proposer: boolean): Promise<void> {
    const id = newId();
    const inserted = await db
      .insert(debateRequestSupports)
      .values({ id, requestId, email, lang, proposer, tokenHash: sha256(tokenOf(id)), createdAt: new Date(deps.now()) })
      .onConflictDoNothing({ target: [debateRequestSupports.requestId, debateRequestSupports.email] })
      .returning({ id: debateRequestSupports.id });
    let supportId = inserted[0]?.id;
    if (!supportId) {
      // Already there: a confirmed support stays as it is; an unconfirmed one is sent its
      // link again (the first mail may be lost), throttled by the job key below.
      const [prev] = await db
        .select({ id: debateRequestSupports.id, proposer: debateRequestSupports.proposer })
        .from(debateRequestSupports)
        .where(and(eq(debateRequestSupports.requestId, requestId), eq(debateRequestSupports.email, email), sql`${debateRequestSupports.confirmedAt} is null`));
      if (!prev) return;
      supportId = prev.id;
      proposer = prev.proposer;
    }
    await deps.jobs.send<RequestMailJob>(
      REQUEST_MAIL_QUEUE,
      { kind: proposer ? 'confirm-proposal' : 'confirm-support', supportId, requestId },
      { key: `confirm:${supportId}:${Math.floor(deps.now() / HOUR)}`, retryLimit: 4, retryDelaySeconds: 10 },
    );
  }

  async function mailSupporters(r: RequestRow, kind: 'accepted' | 'declined'): Promise<void> {
    if (!deps.mailer.enabled) return;
    const supporters = await db
      .select({ id: debateRequestSupports.id })
      .from(debateRequestSupports)
      .where(and(eq(debateRequestSupports.requestId, r.id), isNotNull(debateRequestSupports.confirmedAt)));
    for (const s of supporters) {
      await deps.jobs.send<RequestMailJob>(REQUEST_MAIL_QUEUE, { kind, supportId: s.id, requestId: r.id }, { key: `${kind}:${s.id}`, retryLimit: 4, retryDelaySeconds: 10 });
    }
  }

  return {
    async propose(b: ProposeRequestBody): Promise<{ requestId: string }> {
      mailOn();
      const id = newId();
      await purgeUnconfirmed();
      await db
        .insert(debateRequests)
        .values({ id, topic: b.topic, why: b.why, proposedFormat: b.proposedFormat, proposerName: b.proposerName ?? null, createdAt: new Date(deps.now()) });
      await addSupport(id, b.email, b.lang, true);
      return { requestId: id };
    },

    async support(requestId: string, b: SupportRequestBody): Promise<void> {
      mailOn();
      await purgeUnconfirmed();
      const r = await row(requestId, true);
      if (r.status !== 'open') throw new AppError('CONFLICT', `This request is ${r.status}: it takes no more supports`);
      await addSupport(requestId, b.email, b.lang, false);
    },

    /** The link of a confirmation mail: counts the support; the proposer's publishes the request. */
    async confirm(token: string): Promise<{ request: DebateRequestDto; proposer: boolean }> {
      await purgeUnconfirmed();
      const [s] = await db
        .update(debateRequestSupports)
        .set({ confirmedAt: sql`coalesce(${debateRequestSupports.confirmedAt}, ${new Date(deps.now()).toISOString()}::timestamptz)` })
        .where(eq(debateRequestSupports.tokenHash, sha256(token)))
        .returning({ requestId: debateRequestSupports.requestId, proposer: debateRequestSupports.proposer });
      if (!s) throw new AppError('NOT_FOUND', 'This confirmation link is unknown or was replaced by a newer one');
      if (s.proposer) {
        await db
          .update(debateRequests)
          .set({ status: 'open', publishedAt: new Date(deps.now()) })
          .where(and(eq(debateRequests.id, s.requestId), eq(debateRequests.status, 'unconfirmed')));
      }
      return { request: await dto(await row(s.requestId, false)), proposer: s.proposer };
    },

    async get(id: string): Promise<DebateRequestDto> {
      return dto(await row(id, true));
    },

    /** Published requests, open ones first, by support count then age. */
    async list(status?: Exclude<RequestStatus, 'unconfirmed'>): Promise<DebateRequestDto[]> {
      const rows = await db
        .select()
        .from(debateRequests)
        .where(status ? eq(debateRequests.status, status) : inArray(debateRequests.status, ['open', 'accepted', 'declined']))
        .orderBy(asc(debateRequests.createdAt));
      const counts = await supportCounts(rows.map((r) => r.id));
      const order: Record<RequestStatus, number> = { open: 0, accepted: 1, declined: 2, unconfirmed: 3 };
      return rows
        .map((r) => toDto(r, counts.get(r.id) ?? 0))
        .sort((a, b) => order[a.status] - order[b.status] || b.supportCount - a.supportCount || a.createdAt - b.createdAt);
    },

    async accept(id: string, opts: { scheduledStart?: string | undefined; answer?: string | undefined }): Promise<DebateRequestDto> {
      // Claimed first (one statement), so two organizers accepting at once make one draft.
      const [claimed] = await db
        .update(debateRequests)
        .set({ status: 'accepted', answeredAt: new Date(deps.now()), answer: opts.answer ?? null })
        .where(and(eq(debateRequests.id, id), eq(debateRequests.status, 'open')))
        .returning();
      if (!claimed) {
        await row(id, true);
        throw new AppError('CONFLICT', 'Only an open request can be accepted');
      }
      const supporters = await db
        .select({ email: debateRequestSupports.email, lang: debateRequestSupports.lang })
        .from(debateRequestSupports)
        .where(and(eq(debateRequestSupports.requestId, id), isNotNull(debateRequestSupports.confirmedAt)));
      let debateId: string;
      try {
        debateId = await deps.createDraft({
          title: claimed.topic,
          description: `${claimed.why}\n\nDébat demandé par des citoyens (${supporters.length} soutien${supporters.length > 1 ? 's' : ''}).`,
          modalities: ModalitiesSchema.parse({
            format: claimed.proposedFormat,
            scheduledStart: opts.scheduledStart ?? new Date(deps.now() + 30 * 24 * HOUR).toISOString(),
            plannedDurationMinutes: 90,
            interventionModes: ['oral', 'written'],
          }),
        });
      } catch (err) {
        await db.update(debateRequests).set({ status: 'open', answeredAt: null, answer: null }).where(eq(debateRequests.id, id));
        throw err;
      }
      const [done] = await db.update(debateRequests).set({ debateId }).where(eq(debateRequests.id, id)).returning();
      await deps.subscribe?.(debateId, supporters);
      await mailSupporters(done!, 'accepted');
      return dto(done!);
    },

    async decline(id: string, answer: string): Promise<DebateRequestDto> {
      const [done] = await db
        .update(debateRequests)
        .set({ status: 'declined', answer, answeredAt: new Date(deps.now()) })
        .where(and(eq(debateRequests.id, id), eq(debateRequests.status, 'open')))
        .returning();
      if (!done) {
        await row(id, true);
        throw new AppError('CONFLICT', 'Only an open request can be declined');
      }
      await mailSupporters(done, 'declined');
      return dto(done);
    },

    /** The `request-mail` worker: reads the address now, renders, sends (a throw is retried). */
    async deliver(job: RequestMailJob): Promise<void> {
      const [s] = await db.select().from(debateRequestSupports).where(eq(debateRequestSupports.id, job.supportId));
      const [r] = await db.select().from(debateRequests).where(eq(debateRequests.id, job.requestId));
      if (!s || !r) return; // deleted since: nobody to tell
      const confirm = job.kind === 'confirm-proposal' || job.kind === 'confirm-support';
      if (confirm && s.confirmedAt) return; // confirmed meanwhile
      const base = deps.baseUrl();
      const link = confirm ? `${base}/requests#confirm=${tokenOf(s.id)}` : `${base}/requests#request-${r.id}`;
      const mail = renderRequestMail({ kind: job.kind, lang: s.lang, topic: r.topic, link, answer: r.answer });
      await deps.mailer.send({ to: s.email, ...mail });
    },
  };
}

export type RequestsService = ReturnType<typeof createRequestsService>;
