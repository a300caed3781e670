// The machine-readable error codes of every REST answer and socket ack, with their HTTP
// status: the one table the server maps errors with (errors.ts, AppError) and the client
// translates them from (client/src/lib/messages/).

export const ERROR_STATUS = {
  // input
  VALIDATION_FAILED: 400,
  PAYLOAD_TOO_LARGE: 413,
  RANGE_NOT_SATISFIABLE: 416,
  UNSUPPORTED_MEDIA_TYPE: 415,
  UNKNOWN_EVENT: 400,
  // auth
  UNAUTHENTICATED: 401,
  INVALID_TOKEN: 401,
  TOKEN_EXPIRED: 401,
  /** A staff link withdrawn by an organizer (access/revocations.ts). */
  TOKEN_REVOKED: 401,
  FORBIDDEN: 403,
  WRONG_DEBATE: 403,
  INVALID_ACCESS_CODE: 403,
  INVALID_INVITATION: 403,
  /** A rejoin credential or transfer code that is unknown, used, expired or revoked. */
  REJOIN_REFUSED: 403,
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
  /** "Next" found only people away longer than the grace period (name one to give them the floor). */
  EVERYONE_AWAY: 409,
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
  // a command's idempotency key sent again with another command
  IDEMPOTENCY_KEY_REUSED: 422,
  // a ballot older (by the voter's own sequence) than the one stored: not counted
  BALLOT_SUPERSEDED: 409,
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
  /** No SMTP_URL configured: subscriptions by e-mail are unavailable (notify/). */
  EMAIL_OFF: 503,
  NOT_OWNER: 503,
  UNAVAILABLE: 503,
  INTERNAL: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;
