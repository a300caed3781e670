// Liveness (the process answers) and readiness (the database answers, within a bound so
// a hung connection makes the probe fail instead of hang).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AppError } from '../errors.ts';
import { ErrorResponseSchema, HealthResponseSchema } from '../protocol/rest.ts';

const READY_TIMEOUT_MS = 2000;

export function registerHealthRoutes(app: FastifyInstance): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/healthz',
    { schema: { tags: ['health'], summary: 'Liveness: the process is up', response: { 200: HealthResponseSchema } } },
    async () => ({ ok: true }),
  );

  r.get(
    '/readyz',
    {
      schema: {
        tags: ['health'],
        summary: 'Readiness: the database answers',
        response: { 200: HealthResponseSchema, 503: ErrorResponseSchema },
      },
    },
    async (req) => {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${READY_TIMEOUT_MS} ms`)), READY_TIMEOUT_MS);
      });
      try {
        await Promise.race([app.database.ping(), timeout]);
      } catch (err) {
        req.log.warn({ err }, 'readiness: database ping failed');
        throw new AppError('UNAVAILABLE', 'The database does not answer');
      } finally {
        clearTimeout(timer);
      }
      return { ok: true };
    },
  );
}
