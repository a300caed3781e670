// Shared access codes of `code` debates: a generator of codes long enough to resist the
// join rate limits (plugins/rate-limits.ts: a few failures per address, a few hundred
// per debate per quarter hour), and the rule for warning an organizer who types a
// short one. 10 symbols of 31 (no 0/O, 1/I/L) ≈ 49 bits: out of reach of any guessing
// the limits allow; 4 digits fall within hours.
export const ACCESS_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const GENERATED_ACCESS_CODE_LENGTH = 10;
/** Below this many characters the organizer page warns. */
export const SHORT_ACCESS_CODE = 8;

type RandomBytes = (n: number) => Uint8Array;
const browserRandom: RandomBytes = (n) => globalThis.crypto.getRandomValues(new Uint8Array(n));

/** A random code, uniform over the alphabet (rejection sampling: no modulo bias). */
export function generateAccessCode(random: RandomBytes = browserRandom): string {
  const n = ACCESS_CODE_ALPHABET.length;
  const limit = 256 - (256 % n);
  let code = '';
  while (code.length < GENERATED_ACCESS_CODE_LENGTH) {
    for (const b of random(GENERATED_ACCESS_CODE_LENGTH * 2)) {
      if (b < limit && code.length < GENERATED_ACCESS_CODE_LENGTH) code += ACCESS_CODE_ALPHABET[b % n];
    }
  }
  return code;
}

export function isShortAccessCode(code: string): boolean {
  const length = [...code.trim()].length;
  return length > 0 && length < SHORT_ACCESS_CODE;
}
