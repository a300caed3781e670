// Turns what mediasoup throws into the named AppErrors of server/src/errors.ts. mediasoup
// rejects bad input in Node (TypeError from its ortc validation, UnsupportedError) or in
// the worker (a rejected channel request); neither harms the worker, and the caller gets
// a stable code instead of a stack.
import { AppError, isAppError, type ErrorCode } from '../server/src/errors.ts';

/** `code` is what a rejection of the given input means (e.g. INVALID_RTP_PARAMETERS). */
export function toMediaError(err: unknown, code: ErrorCode, what: string): AppError {
  if (isAppError(err)) return err;
  const message = err instanceof Error ? err.message : String(err);
  if (err instanceof Error && err.name === 'InvalidStateError') {
    return new AppError('UNAVAILABLE', `${what}: media router unavailable (${message})`);
  }
  return new AppError(code, `${what}: ${message}`);
}
