// Typed access to events in tests: narrow an event (or a draft) to one type, failing the
// test when it is of another, instead of casting its payload.
import { hasType } from '../../src/protocol/events/index.ts';

/** `e`, checked to be of `type` (and typed so). */
export function ofType<E extends { type: string }, T extends E['type']>(e: E | undefined, type: T): Extract<E, { type: T }> {
  if (!e || !hasType(e, type)) throw new Error(`expected a ${type} event, got ${e?.type ?? 'none'}`);
  return e;
}

/** The payload of the first `type` event among `events`. */
export function payloadOf<E extends { type: string; payload: unknown }, T extends E['type']>(
  events: readonly E[],
  type: T,
): Extract<E, { type: T }>['payload'] {
  const e = events.find((x) => hasType(x, type));
  if (!e) throw new Error(`no ${type} in ${events.map((x) => x.type).join(', ')}`);
  return ofType(e, type).payload;
}
