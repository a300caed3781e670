// Maps every failure to `{ error: { code, message, details? } }` with the catalog's
// HTTP status. A database that is away (restarting, a pooled connection it dropped) is
// 503 UNAVAILABLE with Retry-After, whatever route met it. Unknown errors are logged and
// answered INTERNAL without leaking details.
import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, ERROR_STATUS, isAppError, type ErrorCode } from '../errors.ts';
import { DB_RETRY_AFTER_MS, isDatabaseAway } from '../db/availability.ts';

/**
 * The code of a client error raised by Fastify or a plugin, by its status. A status with
 * no code of its own answers 400 VALIDATION_FAILED: the status always follows the code
 * (ERROR_STATUS), so a client can rely on either.
 */
const CLIENT_ERROR_CODES: Record<number, ErrorCode> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  416: 'RANGE_NOT_SATISFIABLE',
  429: 'RATE_LIMITED',
};

export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (isAppError(err)) {
      const retry = (err.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
      if (err.code === 'RATE_LIMITED' && typeof retry === 'number') reply.header('retry-after', String(retry));
      return reply.code(err.status).send({ error: { code: err.code, message: err.message, details: err.details } });
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      return reply.code(400).send({
        error: {
          code: 'VALIDATION_FAILED',
          message: `Invalid ${err.validationContext ?? 'request'}`,
          details: err.validation.map((v) => ({ path: v.instancePath, message: v.message })),
        },
      });
    }
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return reply.code(ERROR_STATUS.PAYLOAD_TOO_LARGE).send({ error: { code: 'PAYLOAD_TOO_LARGE', message: 'Request body too large' } });
    }
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      // Fastify's and its plugins' client errors (malformed JSON, wrong content type, a
      // byte range past the end of a file...), with the headers they carry (Content-Range).
      const { headers } = err as { headers?: Record<string, string> };
      if (headers) reply.headers(headers);
      const code = CLIENT_ERROR_CODES[err.statusCode] ?? 'VALIDATION_FAILED';
      return reply.code(ERROR_STATUS[code]).send({ error: { code, message: err.message } });
    }
    if (isDatabaseAway(err)) {
      req.log.warn({ err }, 'database unavailable');
      reply.header('retry-after', String(Math.ceil(DB_RETRY_AFTER_MS / 1000)));
      return reply.code(503).send({ error: { code: 'UNAVAILABLE', message: 'The database is unavailable; try again shortly', details: { retryAfterMs: DB_RETRY_AFTER_MS } } });
    }
    req.log.error({ err }, 'unhandled error');
    return reply.code(500).send({ error: { code: 'INTERNAL', message: 'Internal server error' } });
  });
  app.setNotFoundHandler((req, reply) => {
    reply.code(404).send({ error: { code: 'NOT_FOUND', message: `No route ${req.method} ${req.url.split('?')[0]}` } });
  });
}

export { AppError };
