// Idempotency keys of the client's commands (protocol/realtime.ts, CommandIdSchema): a
// fresh random key per command, kept over its retries so that the server applies it once.

/** A fresh idempotency key (16 random bytes, base64url). */
export function newCommandId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
