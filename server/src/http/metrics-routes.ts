// GET /metrics: the Prometheus text exposition (metrics/app-metrics.ts). Never public:
// the admin token, or METRICS_TOKEN for a scraper that should not hold the admin key.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ERROR_RESPONSES } from '../protocol/rest.ts';
import { BEARER, type Guards } from './guards.ts';

const ExpositionSchema = z.string().describe('Prometheus text exposition format 0.0.4');

export function registerMetricsRoutes(app: FastifyInstance, guards: Guards): void {
  app.get(
    '/metrics',
    {
      onRequest: guards.metrics,
      schema: {
        tags: ['health'],
        summary: 'Prometheus metrics of this node (admin token or METRICS_TOKEN)',
        security: BEARER,
        produces: ['text/plain'],
        response: { 200: ExpositionSchema, ...ERROR_RESPONSES },
      },
    },
    async (_req, reply) => reply.type(app.metrics.contentType).header('cache-control', 'no-store').send(await app.metrics.text()),
  );
}
