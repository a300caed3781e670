// The configuration (parsed once from the environment by config.ts) and the clock, as
// the first plugin: every other resource reads them from the instance.
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
    clock: Clock;
  }
}

export const configPlugin = fp(
  async (app: FastifyInstance, opts: { config: Config; clock: Clock }) => {
    app.decorate('config', opts.config);
    app.decorate('clock', opts.clock);
  },
  { name: 'config' },
);
