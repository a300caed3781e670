// The notification workflow: the debate's lifecycle events become mails to its
// subscribers, through the job queue, never setTimeout.
//   event (owner node, after commit) -> `mail-fanout` job keyed by (debate, seq)
//   fanout -> one notify_deliveries row per recipient (dedupe key) -> `mail-send` jobs
//   keyed by delivery id -> SMTP; state kept in the delivery row (sent/failed/why).
// Reminders are `mail-fanout` jobs due at start - offset, keyed by (debate, start,
// offset): scheduling twice (two nodes, a restart, an edit) makes one job, and a
// reminder whose debate moved or was cancelled finds it out when due and sends nothing.
import type { Clock } from '../clock.ts';
import type { Database } from '../db/client.ts';
import { getDebate, type Debate } from '../db/debates-repo.ts';
import type { DebateEvent } from '../protocol/events/index.ts';
import { AppError } from '../errors.ts';
import { eventUid } from '../http/calendar.ts';
import { buildCalendar } from '../http/calendar.ts';
import { debateLinks } from '../access/links.ts';
import { getDelivery, listDeliveries, markDelivery, queueDeliveries, type Delivery } from './deliveries.ts';
import type { Job, JobQueue } from './job-queue.ts';
import { renderMail, scopeLabel, type MailKind, type MailLang, type RenderedMail } from './mail-templates.ts';
import { MailRefusedError, type Mailer, type MailMessage } from './mailer.ts';
import type { NotifyConfig } from './notify-config.ts';
import {
  confirmSubscription,
  countSubscribers,
  deleteSubscription,
  getSubscription,
  maskAddress,
  purgeUnconfirmed,
  recipientsOf,
  subscribe,
  type SubscribeInput,
  type Subscription,
  type SubscriptionTokens,
} from './subscriptions.ts';

export const FANOUT_QUEUE = 'mail-fanout';
export const SEND_QUEUE = 'mail-send';
export const PURGE_QUEUE = 'mail-purge';

interface FanoutData {
  debateId: string;
  kind: Exclude<MailKind, 'confirm'>;
  /** Distinguishes two mails of one kind: the event's seq, or the reminder's start and offset. */
  variant: string;
  scheduledStart?: string;
  offsetMs?: number;
}
interface SendData {
  deliveryId: string;
  debateId: string | null;
}

const EVENT_KINDS: Partial<Record<DebateEvent['type'], FanoutData['kind']>> = {
  'debate:announced': 'announced',
  'debate:updated': 'changed',
  'debate:postponed': 'postponed',
  'debate:cancelled': 'cancelled',
  'debate:started': 'starting',
  'debate:archived': 'archived',
};

export interface NotifierDeps {
  database: Database;
  jobs: JobQueue;
  mailer: Mailer;
  clock: Clock;
  config: NotifyConfig;
  tokens: SubscriptionTokens;
  baseUrl: () => string;
  log: { warn(obj: object, msg: string): void; error(obj: object, msg: string): void };
}

export interface NotifyStatus {
  emailEnabled: boolean;
  from: string;
  reminderOffsetsMs: number[];
  subscribers: number;
  counts: Record<Delivery['status'], number>;
  deliveries: Delivery[];
}

export function createNotifier(deps: NotifierDeps) {
  const { database, jobs, mailer, clock, config } = deps;
  const retry = { retryLimit: config.mailRetryLimit, retryDelaySeconds: config.mailRetryDelaySeconds, retryBackoff: true };

  function links(debateId: string | null, sub: Pick<Subscription, 'id' | 'nonce'>) {
    const base = deps.baseUrl();
    const token = deps.tokens.tokenFor(sub);
    const d = debateId ? debateLinks(base, debateId) : { join: `${base}/`, ics: `${base}/api/calendar.ics` };
    return {
      ...d,
      archive: debateId ? `${base}/archive/${debateId}` : `${base}/archive`,
      unsubscribe: `${base}/notify/unsubscribe/${token}`,
      oneClick: `${base}/api/notify/unsubscribe/${token}`,
      confirm: `${base}/notify/confirm/${token}`,
    };
  }

  async function scheduleReminders(debate: Debate): Promise<void> {
    if (debate.status !== 'scheduled') return;
    const start = Date.parse(debate.modalities.scheduledStart);
    const items = config.reminderOffsetsMs
      .filter((offset) => start - offset > clock.now())
      .map((offset) => ({
        data: { debateId: debate.id, kind: 'reminder', variant: `${debate.modalities.scheduledStart}:${offset}`, scheduledStart: debate.modalities.scheduledStart, offsetMs: offset } satisfies FanoutData,
        opts: { key: `reminder:${debate.id}:${debate.modalities.scheduledStart}:${offset}`, startAfter: new Date(start - offset), ...retry },
      }));
    if (items.length) await jobs.sendMany(FANOUT_QUEUE, items);
  }

  async function fanout(job: Job<FanoutData>): Promise<void> {
    const { debateId, kind, variant } = job.data;
    const debate = await getDebate(database, debateId);
    if (!debate) return;
    if (kind === 'reminder' && (debate.status !== 'scheduled' || debate.modalities.scheduledStart !== job.data.scheduledStart)) return;
    // Edits of a draft are nobody's business yet.
    if (kind === 'changed' && debate.status !== 'scheduled') return;
    if (kind === 'announced' || kind === 'changed' || kind === 'postponed') await scheduleReminders(debate);
    const recipients = await recipientsOf(database, debateId, debate.modalities.tags ?? []);
    const queued = await queueDeliveries(
      database,
      recipients.map((s) => ({ dedupeKey: `${kind}:${debateId}:${variant}:${s.id}`, debateId, kind, subscriptionId: s.id, recipientHint: maskAddress(s.email) })),
    );
    await jobs.sendMany(SEND_QUEUE, queued.map((d) => ({ data: { deliveryId: d.id, debateId } satisfies SendData, opts: { key: d.id, ...retry } })));
  }

  function messageFor(kind: MailKind, sub: Subscription, debate: Debate | null, offsetMs?: number): { rendered: RenderedMail; msg: MailMessage } {
    const l = links(debate?.id ?? null, sub);
    const rendered = renderMail({
      kind,
      lang: sub.lang,
      debate,
      links: l,
      timeZone: config.timeZone,
      scopeLabel: scopeLabel(sub.lang, sub.scope, sub.scopeValue, debate?.title),
      ...(offsetMs !== undefined ? { offsetMs } : {}),
    });
    const withIcs = debate && (kind === 'announced' || kind === 'changed' || kind === 'postponed' || kind === 'cancelled' || kind === 'reminder');
    return {
      rendered,
      msg: {
        to: sub.email,
        ...(sub.name ? { toName: sub.name } : {}),
        subject: rendered.subject,
        text: rendered.text,
        html: rendered.html,
        unsubscribeUrl: l.oneClick,
        headers: debate ? { 'X-Tribune-Debate': debate.id, 'X-Entity-Ref-ID': eventUid(debate.id) } : {},
        ...(withIcs ? { attachments: [{ filename: `debat-${debate.id}.ics`, content: buildCalendar([debate], deps.baseUrl(), debate.title), contentType: 'text/calendar; charset=utf-8; method=PUBLISH' }] } : {}),
      },
    };
  }

  async function send(job: Job<SendData>): Promise<void> {
    const now = () => new Date(clock.now());
    const d = await getDelivery(database, job.data.deliveryId);
    if (!d || d.status !== 'queued') return;
    const sub = d.subscriptionId ? await getSubscription(database, d.subscriptionId) : null;
    if (!sub || (d.kind !== 'confirm' && !sub.confirmed)) {
      await markDelivery(database, d.id, { status: 'skipped', error: 'unsubscribed' }, now());
      return;
    }
    const debate = d.debateId ? await getDebate(database, d.debateId) : null;
    const offsetMs = d.kind === 'reminder' ? Number(d.dedupeKey.split(':').at(-2)) : undefined;
    try {
      const { msg } = messageFor(d.kind as MailKind, sub, debate, Number.isFinite(offsetMs) ? offsetMs : undefined);
      const r = await mailer.send(msg);
      await markDelivery(database, d.id, { status: 'sent', error: null, messageId: r.messageId, attempt: true }, now());
    } catch (err) {
      const message = (err as Error).message;
      if (err instanceof MailRefusedError) {
        await markDelivery(database, d.id, { status: 'failed', error: message, attempt: true }, now());
        return;
      }
      const last = job.retryCount >= config.mailRetryLimit;
      await markDelivery(database, d.id, { status: last ? 'failed' : 'queued', error: message, attempt: true }, now());
      throw err;
    }
  }

  return {
    async start(): Promise<void> {
      await jobs.work<FanoutData>(FANOUT_QUEUE, fanout);
      await jobs.work<SendData>(SEND_QUEUE, send, { concurrency: 2, batchSize: Math.max(4, config.mailMaxConnections * 4) });
      await jobs.work<object>(PURGE_QUEUE, async () => void (await purgeUnconfirmed(database, new Date(clock.now()))));
    },

    /** Registry listener: committed lifecycle events of the debates this node owns. */
    onEvent(e: DebateEvent): void {
      const kind = EVENT_KINDS[e.type];
      if (!kind || !mailer.enabled) return;
      const data: FanoutData = { debateId: e.debateId, kind, variant: String(e.seq) };
      jobs.send(FANOUT_QUEUE, data, { key: `${e.debateId}:${e.seq}`, ...retry }).catch((err: Error) => deps.log.error({ err: { message: err.message }, debateId: e.debateId }, 'could not enqueue notifications'));
    },

    async subscribe(input: SubscribeInput): Promise<void> {
      if (!mailer.enabled) throw new AppError('EMAIL_OFF', 'E-mail notifications are off on this server');
      if (input.scope.kind === 'debate') {
        const debate = await getDebate(database, input.scope.debateId);
        if (!debate || debate.status === 'draft') throw new AppError('DEBATE_NOT_FOUND', 'No such debate');
        if (debate.status === 'cancelled' || debate.status === 'archived') throw new AppError('ILLEGAL_TRANSITION', 'This debate takes no more subscriptions');
      }
      const { sub, needsConfirmation } = await subscribe(database, input);
      if (!needsConfirmation) return;
      const [d] = await queueDeliveries(database, [
        { dedupeKey: `confirm:${sub.id}:${sub.nonce}`, debateId: sub.scope === 'debate' ? sub.scopeValue : null, kind: 'confirm', subscriptionId: sub.id, recipientHint: maskAddress(sub.email) },
      ]);
      if (d) await jobs.send(SEND_QUEUE, { deliveryId: d.id, debateId: d.debateId } satisfies SendData, { key: d.id, ...retry });
      // Unconfirmed addresses go after CONFIRM_TTL_MS: one purge job per day is enough.
      await jobs.send(PURGE_QUEUE, {}, { key: `purge:${new Date(clock.now()).toISOString().slice(0, 10)}`, startAfter: new Date(clock.now() + 8 * 86_400_000) });
    },

    async confirm(token: string): Promise<Subscription> {
      const sub = await deps.tokens.verify(database, token);
      if (!sub) throw new AppError('NOT_FOUND', 'This link is not valid (anymore)');
      return (await confirmSubscription(database, sub.id, new Date(clock.now())))!;
    },

    /** Idempotent: an unknown or used link is fine (the address is gone either way). */
    async unsubscribe(token: string): Promise<boolean> {
      const sub = await deps.tokens.verify(database, token);
      return sub ? deleteSubscription(database, sub.id) : false;
    },

    async preview(debateId: string, kind: MailKind, lang: MailLang): Promise<RenderedMail> {
      const debate = await getDebate(database, debateId);
      if (!debate) throw new AppError('DEBATE_NOT_FOUND', 'No such debate');
      const sample: Subscription = { id: 'preview', email: 'exemple@example.org', name: null, lang, scope: 'debate', scopeValue: debateId, nonce: 'preview', confirmed: true };
      return messageFor(kind, sample, debate, kind === 'reminder' ? config.reminderOffsetsMs.at(-1) : undefined).rendered;
    },

    async status(debateId: string): Promise<NotifyStatus> {
      const debate = await getDebate(database, debateId);
      if (!debate) throw new AppError('DEBATE_NOT_FOUND', 'No such debate');
      const { deliveries, counts } = await listDeliveries(database, debateId);
      return {
        emailEnabled: mailer.enabled,
        from: mailer.from,
        reminderOffsetsMs: config.reminderOffsetsMs,
        subscribers: await countSubscribers(database, debateId, debate.modalities.tags ?? []),
        counts,
        deliveries,
      };
    },
  };
}

export type Notifier = ReturnType<typeof createNotifier>;
