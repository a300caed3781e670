// The application services the REST routes call: the archive's reads and the access
// rules (archive/, access/). Plain objects over the resources; nothing to close.
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { createAccessService, type AccessService } from '../access/access-service.ts';
import { createRejoinService, type RejoinService } from '../access/rejoin.ts';
import { createStaffLinks, type StaffLinks } from '../access/staff-links.ts';
import { createArchiveService, type ArchiveService } from '../archive/archive-service.ts';
import { baseUrlOf } from '../http/debate-view.ts';

declare module 'fastify' {
  interface FastifyInstance {
    archive: ArchiveService;
    access: AccessService;
    rejoin: RejoinService;
    staffLinks: StaffLinks;
  }
}

export const appServicesPlugin = fp(
  async (app: FastifyInstance) => {
    const baseUrl = () => baseUrlOf(app);
    app.decorate(
      'archive',
      createArchiveService({
        database: app.database,
        events: app.eventStore,
        ballots: app.ballotBox,
        debates: app.registry,
        dataDir: app.config.dataDir,
        baseUrl,
      }),
    );
    app.decorate(
      'access',
      createAccessService({
        database: app.database,
        tokens: app.tokens,
        baseUrl,
        now: () => app.clock.now(),
        minStaffTtlSeconds: app.config.tokenTtlSeconds,
      }),
    );
    app.decorate('staffLinks', createStaffLinks(app.database));
    app.decorate(
      'rejoin',
      createRejoinService({
        database: app.database,
        tokens: app.tokens,
        now: () => app.clock.now(),
        cut: (debateId, participantId, keep) => app.staff.closeSockets(debateId, participantId, keep),
      }),
    );
  },
  { name: 'app-services', dependencies: ['config', 'tokens', 'database', 'storage', 'live-debates', 'staff-records'] },
);
