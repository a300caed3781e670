// The organizer's webhooks: registration (URL, chosen events, a Standard Webhooks
// secret shown once), the debate events they hear of, and delivery through the shared
// durable queue. Each message is a row of `webhook_deliveries` written before its job,
// with the exact body every attempt sends (same `webhook-id` too, so a receiver can
// de-duplicate); each attempt is signed with its own timestamp, retried with
// exponential backoff by the queue, and the row says delivered, or failed and why.
//
// Events come from the log on the node that committed them (one per event across the
// cluster). "starting" is a job due at the scheduled start, keyed by that start: a
// postponement schedules another, and the stale one finds the start moved and sends
// nothing. What is not covered: an event committed by a node that dies before its
// listener enqueued the delivery is not sent (no outbox in the log's transaction).
import { randomBytes } from 'node:crypto';
import { and, count, desc, eq } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { webhookDeliveries, webhooks } from '../db/schema.ts';
import type { DebateEvent } from '../domain/types.ts';
import { AppError } from '../errors.ts';
import type { JobQueue } from '../notify/job-queue.ts';
import type { DebateDto } from '../protocol/rest.ts';
import type { CreateWebhookBody, WebhookDeliveryDto, WebhookDto, WebhookEvent, WebhookPayload } from '../protocol/webhooks.ts';
import { postJson } from './outbound.ts';
import { generateSecret, signedHeaders } from './signature.ts';

export const WEBHOOK_DELIVER_QUEUE = 'webhook-deliver';
export const WEBHOOK_STARTING_QUEUE = 'webhook-starting';
const MAX_WEBHOOKS = 20;

export interface DeliverJob {
  deliveryId: string;
  debateId: string | null;
}

export interface StartingJob {
  debateId: string;
  scheduledStart: string;
}

export interface WebhooksOptions {
  allowPrivate: boolean;
  /** Retries after the first attempt. */
  retries: number;
  retryDelaySeconds: number;
  timeoutMs: number;
}

export interface WebhooksDeps {
  database: Database;
  /** The part of the shared queue this needs (a port: tests and other queues fit it). */
  jobs: Pick<JobQueue, 'send'>;
  now: () => number;
  /** The public view of a debate (no access code), or null when it is gone or a draft. */
  publicDebate: (debateId: string) => Promise<DebateDto | null>;
  /** The announced debates not started yet (to schedule "starting" for a new webhook). */
  upcoming: () => Promise<DebateDto[]>;
  options: WebhooksOptions;
}

/** The log's events that concern a town's other systems, by webhook event. */
const FROM_LOG: Partial<Record<DebateEvent['type'], WebhookEvent>> = {
  'debate:announced': 'debate.announced',
  'debate:updated': 'debate.changed',
  'debate:postponed': 'debate.changed',
  'debate:cancelled': 'debate.cancelled',
  'debate:started': 'debate.live',
  'debate:ended': 'debate.ended',
  'debate:archived': 'archive.published',
};

type HookRow = typeof webhooks.$inferSelect;
type DeliveryRow = typeof webhookDeliveries.$inferSelect;

const toHook = (r: HookRow): WebhookDto => ({
  id: r.id,
  url: r.url,
  description: r.description,
  events: r.events as WebhookEvent[],
  createdAt: r.createdAt.getTime(),
});

const toDelivery = (r: DeliveryRow): WebhookDeliveryDto => ({
  id: r.id,
  event: r.event as WebhookDeliveryDto['event'],
  debateId: r.debateId,
  status: r.status,
  attempts: r.attempts,
  lastStatusCode: r.lastStatusCode,
  lastError: r.lastError,
  createdAt: r.createdAt,
  lastAttemptAt: r.lastAttemptAt,
  deliveredAt: r.deliveredAt,
});

export function createWebhooksService(deps: WebhooksDeps) {
  const { db } = deps.database;
  const { options } = deps;

  async function hook(id: string): Promise<HookRow> {
    const [r] = await db.select().from(webhooks).where(eq(webhooks.id, id));
    if (!r) throw new AppError('NOT_FOUND', 'No such webhook');
    return r;
  }

  async function enqueue(h: HookRow, payload: WebhookPayload, debateId: string | null): Promise<string> {
    const id = `msg_${randomBytes(15).toString('base64url')}`;
    await db.insert(webhookDeliveries).values({ id, webhookId: h.id, event: payload.type, debateId, body: JSON.stringify(payload), createdAt: deps.now() });
    await deps.jobs.send<DeliverJob>(
      WEBHOOK_DELIVER_QUEUE,
      { deliveryId: id, debateId },
      { key: id, retryLimit: options.retries, retryDelaySeconds: options.retryDelaySeconds, retryBackoff: true, expireInSeconds: Math.ceil(options.timeoutMs / 1000) + 30 },
    );
    return id;
  }

  async function emit(event: WebhookEvent, debateId: string): Promise<void> {
    const hooks = (await db.select().from(webhooks)).filter((h) => (h.events as string[]).includes(event));
    if (hooks.length === 0) return;
    const debate = await deps.publicDebate(debateId);
    if (!debate) return; // drafts stay private
    const payload: WebhookPayload = { type: event, timestamp: new Date(deps.now()).toISOString(), data: { debate } };
    for (const h of hooks) await enqueue(h, payload, debateId);
  }

  /** Only while some webhook wants "starting": no idle jobs otherwise. */
  async function wantsStarting(): Promise<boolean> {
    return (await db.select({ events: webhooks.events }).from(webhooks)).some((h) => (h.events as string[]).includes('debate.starting'));
  }

  async function scheduleStarting(debateId: string, scheduledStart: string): Promise<void> {
    await deps.jobs.send<StartingJob>(
      WEBHOOK_STARTING_QUEUE,
      { debateId, scheduledStart },
      { key: `${debateId}:${scheduledStart}`, startAfter: new Date(scheduledStart), retryLimit: 3, retryDelaySeconds: 10 },
    );
  }

  return {
    async create(b: CreateWebhookBody): Promise<{ webhook: WebhookDto; secret: string }> {
      const [{ n }] = (await db.select({ n: count() }).from(webhooks)) as [{ n: number }];
      if (Number(n) >= MAX_WEBHOOKS) throw new AppError('CONFLICT', `At most ${MAX_WEBHOOKS} webhooks`);
      const secret = generateSecret();
      const [r] = await db
        .insert(webhooks)
        .values({ id: randomBytes(9).toString('base64url'), url: b.url, events: b.events, description: b.description ?? null, secret })
        .returning();
      // Debates announced before this webhook existed get their "starting" too (keyed: once).
      if (b.events.includes('debate.starting')) {
        for (const d of await deps.upcoming()) await scheduleStarting(d.id, d.modalities.scheduledStart);
      }
      return { webhook: toHook(r!), secret };
    },

    async list(): Promise<WebhookDto[]> {
      return (await db.select().from(webhooks).orderBy(webhooks.createdAt)).map(toHook);
    },

    async remove(id: string): Promise<void> {
      const gone = await db.delete(webhooks).where(eq(webhooks.id, id)).returning({ id: webhooks.id });
      if (gone.length === 0) throw new AppError('NOT_FOUND', 'No such webhook');
    },

    async deliveries(id: string, limit = 100): Promise<WebhookDeliveryDto[]> {
      await hook(id);
      const rows = await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.webhookId, id)).orderBy(desc(webhookDeliveries.createdAt)).limit(limit);
      return rows.map(toDelivery);
    },

    /** "Send a test": a `webhook.test` message through the same queue, signature and log. */
    async test(id: string): Promise<string> {
      const h = await hook(id);
      const payload: WebhookPayload = {
        type: 'webhook.test',
        timestamp: new Date(deps.now()).toISOString(),
        data: { debate: null, message: 'Message de test de Tribune / Tribune test message' },
      };
      return enqueue(h, payload, null);
    },

    /** Registry listener: the committed events of the debates this node owns. */
    async onDebateEvent(e: DebateEvent): Promise<void> {
      const event = FROM_LOG[e.type];
      if (!event) return;
      if ((e.type === 'debate:announced' || e.type === 'debate:postponed' || e.type === 'debate:updated') && (await wantsStarting())) {
        const debate = await deps.publicDebate(e.debateId);
        if (debate?.status === 'scheduled') await scheduleStarting(e.debateId, debate.modalities.scheduledStart);
      }
      await emit(event, e.debateId);
    },

    /** The `webhook-starting` worker: still scheduled for this start? then "starting". */
    async runStarting(job: StartingJob): Promise<void> {
      const debate = await deps.publicDebate(job.debateId);
      if (!debate || debate.status !== 'scheduled' || debate.modalities.scheduledStart !== job.scheduledStart) return;
      await emit('debate.starting', job.debateId);
    },

    /** The `webhook-deliver` worker: one signed attempt; a throw asks the queue to retry. */
    async deliver(job: DeliverJob, retryCount: number): Promise<void> {
      const [d] = await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, job.deliveryId));
      if (!d || d.status !== 'pending') return; // webhook deleted, or already settled
      const h = await db.select().from(webhooks).where(eq(webhooks.id, d.webhookId));
      if (!h[0]) return;
      const at = deps.now();
      const headers = signedHeaders(h[0].secret, d.id, Math.floor(at / 1000), d.body);
      let error: string | null = null;
      let status: number | null = null;
      try {
        status = (await postJson(h[0].url, d.body, { headers, timeoutMs: options.timeoutMs, allowPrivate: options.allowPrivate })).status;
        if (status < 200 || status > 299) error = `HTTP ${status}`;
      } catch (err) {
        error = (err as Error).message.slice(0, 300);
      }
      const last = retryCount >= options.retries;
      await db
        .update(webhookDeliveries)
        .set({
          attempts: d.attempts + 1,
          lastAttemptAt: at,
          lastStatusCode: status,
          lastError: error,
          ...(error === null ? { status: 'delivered' as const, deliveredAt: deps.now() } : last ? { status: 'failed' as const } : {}),
        })
        .where(and(eq(webhookDeliveries.id, d.id), eq(webhookDeliveries.status, 'pending')));
      if (error !== null) throw new Error(`webhook ${d.id}: ${error}`);
    },
  };
}

export type WebhooksService = ReturnType<typeof createWebhooksService>;
