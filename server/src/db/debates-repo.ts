// Debate rows: created and edited through REST before a debate goes live. Once the
// debate has a log, its status and lifecycle timestamps are maintained by the
// projections of debate:* events; setDebateStatus is for out-of-log changes (admin,
// recovery). Mapped rows use camelCase and ISO-8601 strings for timestamps (REST-facing).
import { randomBytes } from 'node:crypto';
import { desc, eq, inArray } from 'drizzle-orm';
import type { DebateStatus, Modalities } from '../protocol/modalities.ts';
import type { Database } from './client.ts';
import { debates } from './schema.ts';

export interface Debate {
  id: string;
  title: string;
  description: string | null;
  location: string | null;
  status: DebateStatus;
  modalities: Modalities;
  createdAt: string;
  updatedAt: string;
  announcedAt: string | null;
  startedAt: string | null;
  endedAt: string | null;
  archivedAt: string | null;
  cancelledAt: string | null;
  cancelReason: string | null;
  /** The scheduled start before the last postponement. */
  postponedFrom: string | null;
  postponeReason: string | null;
}

export interface NewDebate {
  /** Random when absent. */
  id?: string;
  title: string;
  description?: string | null;
  location?: string | null;
  modalities: Modalities;
  status?: DebateStatus;
}

export interface DebatePatch {
  title?: string;
  description?: string | null;
  location?: string | null;
  modalities?: Modalities;
}

type DebateRow = typeof debates.$inferSelect;
type Conn = Pick<Database, 'db'>;

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

export function toDebate(row: DebateRow): Debate {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    location: row.location,
    status: row.status,
    modalities: row.modalities,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    announcedAt: iso(row.announcedAt),
    startedAt: iso(row.startedAt),
    endedAt: iso(row.endedAt),
    archivedAt: iso(row.archivedAt),
    cancelledAt: iso(row.cancelledAt),
    cancelReason: row.cancelReason,
    postponedFrom: row.postponedFrom,
    postponeReason: row.postponeReason,
  };
}

/** 12 url-safe characters (72 random bits), valid for IdSchema. */
export function newDebateId(): string {
  return randomBytes(9).toString('base64url');
}

export async function createDebate({ db }: Conn, input: NewDebate): Promise<Debate> {
  const [row] = await db
    .insert(debates)
    .values({
      id: input.id ?? newDebateId(),
      title: input.title,
      description: input.description ?? null,
      location: input.location ?? null,
      modalities: input.modalities,
      status: input.status ?? 'draft',
    })
    .returning();
  return toDebate(row!);
}

export async function updateDebate({ db }: Conn, id: string, patch: DebatePatch): Promise<Debate | null> {
  const set: Partial<typeof debates.$inferInsert> = { updatedAt: new Date() };
  if (patch.title !== undefined) set.title = patch.title;
  if (patch.description !== undefined) set.description = patch.description;
  if (patch.location !== undefined) set.location = patch.location;
  if (patch.modalities !== undefined) set.modalities = patch.modalities;
  const [row] = await db.update(debates).set(set).where(eq(debates.id, id)).returning();
  return row ? toDebate(row) : null;
}

export async function getDebate({ db }: Conn, id: string): Promise<Debate | null> {
  const [row] = await db.select().from(debates).where(eq(debates.id, id));
  return row ? toDebate(row) : null;
}

export interface ListDebatesOptions {
  status?: DebateStatus | readonly DebateStatus[];
  limit?: number;
}

/** Newest first. */
export async function listDebates({ db }: Conn, opts: ListDebatesOptions = {}): Promise<Debate[]> {
  const statuses = opts.status === undefined ? null : typeof opts.status === 'string' ? [opts.status] : [...opts.status];
  const base = db.select().from(debates).$dynamic();
  const filtered = statuses ? base.where(inArray(debates.status, statuses)) : base;
  const ordered = filtered.orderBy(desc(debates.createdAt), desc(debates.id));
  const rows = opts.limit === undefined ? await ordered : await ordered.limit(opts.limit);
  return rows.map(toDebate);
}

const STATUS_COLUMN: Partial<Record<DebateStatus, 'announcedAt' | 'startedAt' | 'endedAt' | 'archivedAt'>> = {
  scheduled: 'announcedAt',
  live: 'startedAt',
  ended: 'endedAt',
  archived: 'archivedAt',
};

/** Sets the status and its timestamp column (announced_at for scheduled, ...). */
export async function setDebateStatus(
  { db }: Conn,
  id: string,
  status: DebateStatus,
  at: Date = new Date(),
): Promise<Debate | null> {
  const column = STATUS_COLUMN[status];
  const set: Partial<typeof debates.$inferInsert> = { status, updatedAt: at };
  if (column) set[column] = at;
  const [row] = await db.update(debates).set(set).where(eq(debates.id, id)).returning();
  return row ? toDebate(row) : null;
}
