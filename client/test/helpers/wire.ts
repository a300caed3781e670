// Events in client tests: narrow one to its type instead of casting its payload, and
// build a message outside the contract (what a newer server could send: the socket hands
// the client whatever arrives, untyped).
import { hasType, type EventType } from '../../../server/src/protocol/events/index.ts';
import type { WireEvent } from '../../src/lib/view-types.ts';

/** `e`, checked to be of `type` (and typed so). */
export function ofType<E extends { type: string }, T extends E['type']>(e: E | undefined, type: T): Extract<E, { type: T }> {
  if (!e || !hasType(e, type)) throw new Error(`expected a ${type} event, got ${e?.type ?? 'none'}`);
  return e;
}

/** A `debate:event` of a type the contract does not have. */
export function foreignEvent<T extends string>(
  e: Omit<WireEvent, 'type' | 'payload'> & { type: T extends EventType ? never : T; payload: unknown },
): WireEvent {
  // Deliberately outside the union: this is the untyped message a socket could deliver.
  return e as unknown as WireEvent;
}
