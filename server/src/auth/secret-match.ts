// Comparing a secret someone sent with the expected one in constant time (admin and
// metrics tokens, access codes): the sha256 digests have equal length whatever the inputs.
import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

export function secretMatches(expected: string | null | undefined, given: string | undefined): boolean {
  if (!expected || given === undefined) return false;
  return timingSafeEqual(digest(expected), digest(given));
}
