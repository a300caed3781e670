// The envelope every logged event shares ({ debateId, seq, at, actor, type, payload,
// hash }) and the one helper that turns a table `type -> payload schema` into a zod
// discriminated union keyed on `type`. Each slice (lifecycle, turns, polls, questions,
// recordings) declares its table once; index.ts joins them into the log's union and the
// wire's union (same types, some payloads possibly redacted).
import { z } from 'zod';
import { ActorSchema } from '../common.ts';

/** Server time or a duration, in ms (times are server timestamps everywhere). */
export const Ms = z.number();

/** What a viewer receives besides type and payload (the debate is implied by the connection). */
export const WIRE_ENVELOPE = {
  /** Gap-free, starts at 1 per debate. */
  seq: z.number().int().min(1),
  /** Server clock, ms since epoch. */
  at: Ms,
  actor: ActorSchema,
  /** SHA-256 (hex) of the canonical content chained with the previous hash. */
  hash: z.string(),
};

/** An event as stored in `debate_events` and folded by the server. */
export const LOG_ENVELOPE = { debateId: z.string(), ...WIRE_ENVELOPE };

export type PayloadTable = Readonly<Record<string, z.ZodType>>;

/** One member of the union per entry of the table, its `type` a literal. */
type Members<P extends PayloadTable, S extends z.ZodRawShape> = {
  [T in keyof P & string]: z.ZodObject<S & { type: z.ZodLiteral<T>; payload: P[T] }>;
}[keyof P & string];

/** `envelope + { type: literal, payload }` for every entry of `payloads`, keyed on `type`. */
export function eventUnion<P extends PayloadTable, S extends z.ZodRawShape>(envelope: S, payloads: P) {
  const options = Object.entries(payloads).map(([type, payload]) => z.object({ ...envelope, type: z.literal(type), payload }));
  // Object.entries forgets which schema belongs to which key; Members restores that pairing
  // (it is exactly what the map above builds), so every member keeps its literal type.
  return z.discriminatedUnion('type', options as unknown as [Members<P, S>, ...Members<P, S>[]]);
}
