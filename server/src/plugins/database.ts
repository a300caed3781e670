// The database: PostgreSQL (DATABASE_URL) or embedded PGlite in DATA_DIR, migrated
// before anything else touches it; closed after everything that writes to it.
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { openDatabase, type Database } from '../db/client.ts';
import { releaseOnClose } from './release.ts';

declare module 'fastify' {
  interface FastifyInstance {
    database: Database;
  }
}

export const databasePlugin = fp(
  async (app: FastifyInstance) => {
    const { databaseUrl, dataDir } = app.config;
    const database = await openDatabase({ ...(databaseUrl ? { databaseUrl } : {}), dataDir });
    app.decorate('database', database);
    releaseOnClose(app, 'database', () => database.close());
  },
  { name: 'database', dependencies: ['config'] },
);
