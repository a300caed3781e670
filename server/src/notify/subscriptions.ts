// E-mail subscriptions (table notify_subscriptions): create or renew a pending one,
// confirm it (double opt-in), delete it on unsubscribe, and find the confirmed
// recipients of a debate. The links in mails carry `<id>.<hmac(id, nonce)>`: nothing
// secret is stored, a renewed nonce voids older links, and any node can rebuild a link.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { and, eq, inArray, isNotNull, lt, isNull, or, sql } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { notifySubscriptions } from '../db/schema.ts';
import type { MailLang } from './mail-templates.ts';

export type SubscriptionScope = { kind: 'debate'; debateId: string } | { kind: 'all' } | { kind: 'tag'; tag: string };

export interface Subscription {
  id: string;
  email: string;
  name: string | null;
  lang: MailLang;
  scope: 'debate' | 'all' | 'tag';
  scopeValue: string;
  nonce: string;
  confirmed: boolean;
}

type Row = typeof notifySubscriptions.$inferSelect;
const toSub = (r: Row): Subscription => ({
  id: r.id,
  email: r.email,
  name: r.name,
  lang: r.lang,
  scope: r.scope,
  scopeValue: r.scopeValue,
  nonce: r.nonce,
  confirmed: r.confirmedAt !== null,
});

/** Pending subscriptions older than this are purged; their links stop working. */
export const CONFIRM_TTL_MS = 7 * 86_400_000;

export function scopeColumns(scope: SubscriptionScope): { scope: Subscription['scope']; scopeValue: string } {
  return scope.kind === 'all' ? { scope: 'all', scopeValue: '' } : scope.kind === 'tag' ? { scope: 'tag', scopeValue: scope.tag } : { scope: 'debate', scopeValue: scope.debateId };
}

/** `a***@example.org`: what the organizer's delivery log shows. */
export function maskAddress(email: string): string {
  const at = email.lastIndexOf('@');
  return `${email.slice(0, 1)}***${email.slice(at)}`;
}

export function createSubscriptionTokens(secret: string) {
  const key = createHmac('sha256', secret).update('tribune-notify-links-v1').digest();
  const mac = (id: string, nonce: string) => createHmac('sha256', key).update(`${id}.${nonce}`).digest('base64url').slice(0, 32);
  return {
    tokenFor: (s: Pick<Subscription, 'id' | 'nonce'>) => `${s.id}.${mac(s.id, s.nonce)}`,
    /** The subscription id when the token's MAC matches the row's nonce. */
    async verify(database: Database, token: string): Promise<Subscription | null> {
      const m = /^([A-Za-z0-9_-]{8,40})\.([A-Za-z0-9_-]{32})$/.exec(token);
      if (!m) return null;
      const sub = await getSubscription(database, m[1]!);
      if (!sub) return null;
      const want = Buffer.from(mac(sub.id, sub.nonce));
      const got = Buffer.from(m[2]!);
      return want.length === got.length && timingSafeEqual(want, got) ? sub : null;
    },
  };
}
export type SubscriptionTokens = ReturnType<typeof createSubscriptionTokens>;

export async function getSubscription({ db }: Database, id: string): Promise<Subscription | null> {
  const [r] = await db.select().from(notifySubscriptions).where(eq(notifySubscriptions.id, id));
  return r ? toSub(r) : null;
}

export interface SubscribeInput {
  email: string;
  name: string | null;
  lang: MailLang;
  scope: SubscriptionScope;
}

/**
 * A pending subscription (new nonce) or, when this address already confirmed this
 * scope, the confirmed one unchanged (`needsConfirmation` false: no mail is sent, and
 * the answer does not reveal it).
 */
export async function subscribe(database: Database, input: SubscribeInput): Promise<{ sub: Subscription; needsConfirmation: boolean }> {
  const { db } = database;
  const cols = scopeColumns(input.scope);
  const email = input.email.toLowerCase();
  const nonce = randomBytes(9).toString('base64url');
  const [row] = await db
    .insert(notifySubscriptions)
    .values({ id: randomBytes(12).toString('base64url'), email, name: input.name, lang: input.lang, ...cols, nonce })
    .onConflictDoUpdate({
      target: [notifySubscriptions.email, notifySubscriptions.scope, notifySubscriptions.scopeValue],
      // A confirmed row keeps its nonce (its unsubscribe links stay valid).
      set: {
        nonce: sql`case when ${notifySubscriptions.confirmedAt} is null then excluded.nonce else ${notifySubscriptions.nonce} end`,
        createdAt: sql`case when ${notifySubscriptions.confirmedAt} is null then now() else ${notifySubscriptions.createdAt} end`,
        lang: sql`excluded.lang`,
        name: sql`excluded.name`,
      },
    })
    .returning();
  const sub = toSub(row!);
  return { sub, needsConfirmation: !sub.confirmed };
}

export async function confirmSubscription({ db }: Database, id: string, now: Date): Promise<Subscription | null> {
  const [r] = await db
    .update(notifySubscriptions)
    .set({ confirmedAt: sql`coalesce(${notifySubscriptions.confirmedAt}, ${now.toISOString()}::timestamptz)` })
    .where(eq(notifySubscriptions.id, id))
    .returning();
  return r ? toSub(r) : null;
}

/** Deletes the row: the address is gone unless it has other subscriptions. */
export async function deleteSubscription({ db }: Database, id: string): Promise<boolean> {
  const r = await db.delete(notifySubscriptions).where(eq(notifySubscriptions.id, id)).returning({ id: notifySubscriptions.id });
  return r.length > 0;
}

export async function purgeUnconfirmed({ db }: Database, now: Date): Promise<number> {
  const r = await db
    .delete(notifySubscriptions)
    .where(and(isNull(notifySubscriptions.confirmedAt), lt(notifySubscriptions.createdAt, new Date(now.getTime() - CONFIRM_TTL_MS))))
    .returning({ id: notifySubscriptions.id });
  return r.length;
}

/**
 * The confirmed recipients of a debate: subscribed to it, to every debate, or to one of
 * its tags; one subscription per address (the debate's own first, so "unsubscribe" in
 * the mail removes what made it arrive).
 */
export async function recipientsOf({ db }: Database, debateId: string, tags: readonly string[]): Promise<Subscription[]> {
  const rows = await db
    .select()
    .from(notifySubscriptions)
    .where(
      and(
        isNotNull(notifySubscriptions.confirmedAt),
        or(
          and(eq(notifySubscriptions.scope, 'debate'), eq(notifySubscriptions.scopeValue, debateId)),
          eq(notifySubscriptions.scope, 'all'),
          ...(tags.length ? [and(eq(notifySubscriptions.scope, 'tag'), inArray(notifySubscriptions.scopeValue, [...tags]))] : []),
        ),
      ),
    );
  const rank = { debate: 0, tag: 1, all: 2 } as const;
  const byEmail = new Map<string, Row>();
  for (const r of rows.sort((a, b) => rank[a.scope] - rank[b.scope] || a.id.localeCompare(b.id))) if (!byEmail.has(r.email)) byEmail.set(r.email, r);
  return [...byEmail.values()].map(toSub);
}

export async function countSubscribers(database: Database, debateId: string, tags: readonly string[]): Promise<number> {
  return (await recipientsOf(database, debateId, tags)).length;
}

/**
 * Subscribe confirmed addresses to a debate directly (e.g. supporters of an accepted
 * debate request, who already confirmed their address there). Returns how many rows.
 */
export async function subscribeConfirmed(database: Database, debateId: string, people: { email: string; lang?: MailLang }[], now: Date): Promise<number> {
  if (people.length === 0) return 0;
  const r = await database.db
    .insert(notifySubscriptions)
    .values(
      people.map((p) => ({
        id: randomBytes(12).toString('base64url'),
        email: p.email.toLowerCase(),
        lang: p.lang ?? 'fr',
        scope: 'debate' as const,
        scopeValue: debateId,
        nonce: randomBytes(9).toString('base64url'),
        confirmedAt: now,
      })),
    )
    .onConflictDoNothing()
    .returning({ id: notifySubscriptions.id });
  return r.length;
}
