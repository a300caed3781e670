// The event contract: every event of a debate's log is one member of DebateEventSchema, a
// discriminated union keyed on `type` whose payload schemas come from the slice tables
// (lifecycle, turns, polls, questions, recordings). Types are derived from it, never
// written twice: DebateEvent, EventDraft (what a domain decision returns, before the log
// stamps it), the payload map. WireEventSchema is the same union as a viewer receives it
// in `debate:event`: without debateId, and with some payloads possibly redacted.
// The event store parses every row it reads with DebateEventSchema (after upcasting: read.ts).
import type { z } from 'zod';
import { eventUnion, LOG_ENVELOPE, WIRE_ENVELOPE } from './envelope.ts';
import { LIFECYCLE_EVENTS, PUBLIC_LIFECYCLE } from './lifecycle.ts';
import { POLLS_EVENTS, POLLS_REDACTED } from './polls.ts';
import { QUESTIONS_EVENTS, QUESTIONS_REDACTED } from './questions.ts';
import { RECORDING_EVENTS } from './recordings.ts';
import { SCREEN_EVENTS } from './screen.ts';
import { CAPTION_EVENTS } from './captions.ts';
import { BROADCAST_EVENTS } from './broadcasts.ts';
import { TURNS_EVENTS } from './turns.ts';

/** type -> payload schema of every event the log may hold. */
export const EVENT_PAYLOADS = {
  ...LIFECYCLE_EVENTS,
  ...TURNS_EVENTS,
  ...POLLS_EVENTS,
  ...QUESTIONS_EVENTS,
  ...RECORDING_EVENTS,
  ...SCREEN_EVENTS,
  ...CAPTION_EVENTS,
  ...BROADCAST_EVENTS,
} as const;

export const DebateEventSchema = eventUnion(LOG_ENVELOPE, EVENT_PAYLOADS);

type AnyDebateEvent = z.infer<typeof DebateEventSchema>;
export type EventType = AnyDebateEvent['type'];
/** An event as stored in `debate_events` and folded; `DebateEvent<'poll:opened'>` is one type. */
export type DebateEvent<T extends EventType = EventType> = Extract<AnyDebateEvent, { type: T }>;
/** The payload of each event type. */
export type EventPayloads = { [E in AnyDebateEvent as E['type']]: E['payload'] };
export type EventPayload<T extends EventType> = EventPayloads[T];

/**
 * An event as produced by a domain decision, before the log stamps it (seq, at, actor,
 * hash): the union of `{ type, payload }` per type. `EventDraft<'poll:opened'>` is one
 * type; a second argument narrows the payload further (a producer's own type of it).
 */
export type EventDraft<T extends EventType = EventType, P = never> = T extends EventType
  ? { type: T; payload: [P] extends [never] ? EventPayloads[T] : P }
  : never;

/** Every event type, in the order of EVENT_PAYLOADS. */
export const EVENT_TYPES: readonly EventType[] = DebateEventSchema.options.map((o) => o.shape.type.value);

export function isEventType(type: string): type is EventType {
  return Object.hasOwn(EVENT_PAYLOADS, type);
}

/** A typed draft: `draft('floor:paused', {...})` checks the payload against its type. */
export function draft<T extends EventType>(type: T, payload: EventPayloads[T]): { type: T; payload: EventPayloads[T] } {
  return { type, payload };
}

/** Narrows any event-like value (draft, logged or wire event) to one type: `list.find((e) => hasType(e, 'floor:granted'))`. */
export function hasType<E extends { type: string }, T extends E['type']>(e: E, type: T): e is Extract<E, { type: T }> {
  return e.type === type;
}

/** type -> the payload schema of a `debate:event` as viewers receive it (whole or redacted). */
export const WIRE_PAYLOADS = { ...EVENT_PAYLOADS, ...PUBLIC_LIFECYCLE, ...POLLS_REDACTED, ...QUESTIONS_REDACTED } as const;

/** `debate:event`: the logged event without debateId, its payload possibly redacted for this viewer. */
export const WireEventSchema = eventUnion(WIRE_ENVELOPE, WIRE_PAYLOADS);
export type WireEvent = z.infer<typeof WireEventSchema>;

/** An event as one viewer may see it, debate id included (redactEvent, the public timeline). */
export type ViewerEvent = WireEvent & { debateId: string };

/** The part of an event the folds read: its type and (possibly redacted) payload. */
export type EventBody<E extends { type: string; payload: unknown } = WireEvent> = E extends unknown
  ? { type: E['type']; payload: E['payload'] }
  : never;

export * from './lifecycle.ts';
export * from './turns.ts';
export * from './presence.ts';
export * from './polls.ts';
export * from './questions.ts';
export * from './recordings.ts';
export * from './captions.ts';
export * from './broadcasts.ts';
