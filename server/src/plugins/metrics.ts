// The app's Prometheus metrics, opened before the resources that feed them (ballot
// writer, gateway) and the ones they read (sockets, live debates, media). Served by
// http/metrics-routes.ts.
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { AppMetrics } from '../metrics/app-metrics.ts';

declare module 'fastify' {
  interface FastifyInstance {
    metrics: AppMetrics;
  }
}

export const metricsPlugin = fp(
  async (app: FastifyInstance) => {
    app.decorate('metrics', new AppMetrics());
  },
  { name: 'metrics' },
);
