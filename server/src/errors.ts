// The named error catalog. Every refusal in Tribune is an AppError with a stable
// machine-readable code; it is mapped once to an HTTP status (http/) and once to a
// socket ack (realtime/). Domain modules throw these too: they carry no I/O. The code
// table itself is part of the protocol (protocol/errors.ts): the client reads it too.

import { ERROR_STATUS, type ErrorCode } from './protocol/errors.ts';

export { ERROR_STATUS, type ErrorCode };

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details?: unknown;
  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }
  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;

export function httpStatusOf(code: ErrorCode): number {
  return ERROR_STATUS[code];
}
