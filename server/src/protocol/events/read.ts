// Reading a stored event: explicit shape migrations (upcasters), then the contract.
//
// Rows carry no schema version, so the rule is: an upcaster recognises the old shape by
// itself (a field that is missing) and leaves a current payload unchanged, which makes it
// idempotent and safe to run on every read. A type's upcasters run in the order listed.
// Changing a payload's shape means: change its schema, and add here the step that turns
// every payload ever written into the new shape (a test with a row of the old shape).
// Upcasting happens on read only: the stored row is never rewritten, and the hash chain
// covers the stored payload, not its upcast (the event store's verify hashes raw rows).
import type { z } from 'zod';
import { DebateEventSchema, isEventType, type DebateEvent, type EventType } from './index.ts';

type Upcaster = (payload: Record<string, unknown>) => Record<string, unknown>;

/** Floor events before `cutAt` (the instant the media layer cuts the microphone) existed: not decided then. */
const cutAtUnknown: Upcaster = (p) => (Object.hasOwn(p, 'cutAt') ? p : { ...p, cutAt: null });

/** Grants before keepsQueueEntry existed took the person out of the queue, whatever the turn. */
const leftQueue: Upcaster = (p) => (Object.hasOwn(p, 'keepsQueueEntry') ? p : { ...p, keepsQueueEntry: false });

/** Extensions before requestedMs existed: what was added is what was asked, never past a quota. */
const askedWhatWasAdded: Upcaster = (p) =>
  Object.hasOwn(p, 'requestedMs') ? p : { ...p, requestedMs: p.addedMs, quotaOverridden: false };

export const UPCASTERS: Partial<Record<EventType, readonly Upcaster[]>> = {
  'floor:granted': [cutAtUnknown, leftQueue],
  'floor:resumed': [cutAtUnknown],
  'floor:extended': [cutAtUnknown, askedWhatWasAdded],
};

/** The payload of a stored `type` in today's shape (unchanged when it already is). */
export function upcast(type: string, payload: unknown): unknown {
  const steps = isEventType(type) ? UPCASTERS[type] : undefined;
  if (!steps || !isRecord(payload)) return payload;
  return steps.reduce((p, step) => step(p), payload);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export interface StoredEvent {
  debateId: string;
  seq: number;
  at: number;
  actor: unknown;
  type: string;
  payload: unknown;
  hash: string;
}

export type ReadResult = { ok: true; event: DebateEvent } | { ok: false; reason: string; issues: z.core.$ZodIssue[] };

/** Upcast, then parse with the union; a row that does not fit says why (type unknown, or which field). */
export function readStoredEvent(row: StoredEvent): ReadResult {
  if (!isEventType(row.type)) return { ok: false, reason: `unknown event type "${row.type}"`, issues: [] };
  const parsed = DebateEventSchema.safeParse({ ...row, payload: upcast(row.type, row.payload) });
  if (parsed.success) return { ok: true, event: parsed.data };
  const where = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
  return { ok: false, reason: `${row.type} does not fit its schema (${where})`, issues: parsed.error.issues };
}
