// The delivery log of notification mails (table notify_deliveries): queued once per
// (mail, recipient) thanks to the dedupe key, then sent, failed (with why) or skipped
// (the subscriber left before it went). What the organizer sees in /admin.
import { randomBytes } from 'node:crypto';
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { notifyDeliveries } from '../db/schema.ts';

export type DeliveryStatus = 'queued' | 'sent' | 'failed' | 'skipped';

export interface Delivery {
  id: string;
  debateId: string | null;
  kind: string;
  subscriptionId: string | null;
  recipientHint: string;
  status: DeliveryStatus;
  attempts: number;
  error: string | null;
  createdAt: string;
  sentAt: string | null;
  /** The delivery's own variant (e.g. the reminder's offset), from its dedupe key. */
  dedupeKey: string;
}

type Row = typeof notifyDeliveries.$inferSelect;
const toDelivery = (r: Row): Delivery => ({
  id: r.id,
  debateId: r.debateId,
  kind: r.kind,
  subscriptionId: r.subscriptionId,
  recipientHint: r.recipientHint,
  status: r.status,
  attempts: r.attempts,
  error: r.error,
  createdAt: r.createdAt.toISOString(),
  sentAt: r.sentAt ? r.sentAt.toISOString() : null,
  dedupeKey: r.dedupeKey,
});

export interface NewDelivery {
  dedupeKey: string;
  debateId: string | null;
  kind: string;
  subscriptionId: string;
  recipientHint: string;
}

/** Inserts what is not there yet; returns every queued delivery among these keys. */
export async function queueDeliveries({ db }: Database, items: readonly NewDelivery[]): Promise<Delivery[]> {
  const out: Delivery[] = [];
  for (let i = 0; i < items.length; i += 500) {
    const chunk = items.slice(i, i + 500);
    await db
      .insert(notifyDeliveries)
      .values(chunk.map((d) => ({ ...d, id: randomBytes(12).toString('base64url') })))
      .onConflictDoNothing();
    const rows = await db
      .select()
      .from(notifyDeliveries)
      .where(and(inArray(notifyDeliveries.dedupeKey, chunk.map((d) => d.dedupeKey)), eq(notifyDeliveries.status, 'queued')));
    out.push(...rows.map(toDelivery));
  }
  return out;
}

export async function getDelivery({ db }: Database, id: string): Promise<Delivery | null> {
  const [r] = await db.select().from(notifyDeliveries).where(eq(notifyDeliveries.id, id));
  return r ? toDelivery(r) : null;
}

export async function markDelivery(
  { db }: Database,
  id: string,
  patch: { status: DeliveryStatus; error?: string | null; messageId?: string; attempt?: boolean },
  now: Date,
): Promise<void> {
  await db
    .update(notifyDeliveries)
    .set({
      status: patch.status,
      ...(patch.error !== undefined ? { error: patch.error === null ? null : patch.error.slice(0, 500) } : {}),
      ...(patch.messageId ? { messageId: patch.messageId } : {}),
      ...(patch.attempt ? { attempts: sql`${notifyDeliveries.attempts} + 1` } : {}),
      ...(patch.status === 'sent' ? { sentAt: now } : {}),
      updatedAt: now,
    })
    .where(eq(notifyDeliveries.id, id));
}

export async function listDeliveries({ db }: Database, debateId: string, limit = 200): Promise<{ deliveries: Delivery[]; counts: Record<DeliveryStatus, number> }> {
  const rows = await db.select().from(notifyDeliveries).where(eq(notifyDeliveries.debateId, debateId)).orderBy(desc(notifyDeliveries.updatedAt)).limit(limit);
  const grouped = await db
    .select({ status: notifyDeliveries.status, n: sql<number>`count(*)::int` })
    .from(notifyDeliveries)
    .where(eq(notifyDeliveries.debateId, debateId))
    .groupBy(notifyDeliveries.status);
  const counts: Record<DeliveryStatus, number> = { queued: 0, sent: 0, failed: 0, skipped: 0 };
  for (const g of grouped) counts[g.status] = Number(g.n);
  return { deliveries: rows.map(toDelivery), counts };
}
