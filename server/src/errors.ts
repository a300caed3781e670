// The named error catalog. Every refusal in Tribune is an AppError with a stable
// machine-readable code; it is mapped once to an HTTP status (http/) and once to a
// socket ack (realtime/). Domain modules throw these too: they carry no I/O.

export const ERROR_STATUS = {
  // input
  VALIDATION_FAILED: 400,
  PAYLOAD_TOO_LARGE: 413,
  RANGE_NOT_SATISFIABLE: 416,
  UNKNOWN_EVENT: 400,
  // auth
  UNAUTHENTICATED: 401,
  INVALID_TOKEN: 401,
  TOKEN_EXPIRED: 401,
  FORBIDDEN: 403,
  WRONG_DEBATE: 403,
  INVALID_ACCESS_CODE: 403,
  INVALID_INVITATION: 403,
  RATE_LIMITED: 429,
  // lookup
  NOT_FOUND: 404,
  DEBATE_NOT_FOUND: 404,
  PARTICIPANT_NOT_FOUND: 404,
  POLL_NOT_FOUND: 404,
  QUESTION_NOT_FOUND: 404,
  CONTRIBUTION_NOT_FOUND: 404,
  // state / rules
  ILLEGAL_TRANSITION: 409,
  DEBATE_NOT_LIVE: 409,
  DEBATE_LOCKED: 409,
  MODE_NOT_ALLOWED: 409,
  ALREADY_IN_QUEUE: 409,
  NOT_IN_QUEUE: 409,
  QUEUE_EMPTY: 409,
  FLOOR_BUSY: 409,
  NO_FLOOR: 409,
  FLOOR_NOT_PAUSED: 409,
  FLOOR_PAUSED: 409,
  QUOTA_EXHAUSTED: 409,
  UNKNOWN_GROUP: 409,
  POLLS_DISABLED: 409,
  POLL_NOT_OPEN: 409,
  POLL_CLOSED: 409,
  POLL_STATE: 409,
  INVALID_CHOICE: 422,
  ALREADY_VOTED: 409,
  QUESTION_STATE: 409,
  CONTRIBUTION_STATE: 409,
  CONFLICT: 409,
  // media (media/)
  MEDIA_NOT_ALLOWED: 403,
  TRANSPORT_NOT_FOUND: 404,
  PRODUCER_NOT_FOUND: 404,
  CONSUMER_NOT_FOUND: 404,
  TOO_MANY_TRANSPORTS: 409,
  TOO_MANY_CONSUMERS: 409,
  INVALID_RTP_PARAMETERS: 422,
  INVALID_DTLS_PARAMETERS: 422,
  CANNOT_CONSUME: 409,
  MEDIA_ROOM_CLOSED: 409,
  // infrastructure
  NOT_OWNER: 503,
  UNAVAILABLE: 503,
  INTERNAL: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

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
