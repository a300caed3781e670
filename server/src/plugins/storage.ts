// The debates' storage over the database: the event store (hash-chained log) and the
// ballot writer (group commit), offered to the live layer as its BallotBox port. The
// writer's batches feed the metrics. Closing flushes the ballots still queued, then
// refuses new ones; the database closes after.
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import {
  ballotsDigest,
  ballotsOfVoter,
  closeBallotGate,
  countBallots,
  createBallotWriter,
  findBallotPoll,
  loadBallots,
} from '../db/ballot-store.ts';
import { createEventStore, type EventStore } from '../db/event-store.ts';
import type { BallotBox } from '../live/ports.ts';
import { releaseOnClose } from './release.ts';

declare module 'fastify' {
  interface FastifyInstance {
    eventStore: EventStore;
    ballotBox: BallotBox;
  }
}

export const storagePlugin = fp(
  async (app: FastifyInstance) => {
    const { database, metrics } = app;
    const writer = createBallotWriter(database, { onBatch: ({ size, ok }) => metrics.ballotBatch(size, ok) });
    releaseOnClose(app, 'storage', () => writer.close());
    app.decorate('eventStore', createEventStore(database));
    app.decorate('ballotBox', {
      submit: (b) => writer.submit(b),
      flush: () => writer.flush(),
      count: (pollId) => countBallots(database, pollId),
      load: (pollId) => loadBallots(database, pollId),
      digest: (pollId) => ballotsDigest(database, pollId),
      closeGate: (pollId, at) => closeBallotGate(database, pollId, at),
      poll: (pollId) => findBallotPoll(database, pollId),
      mine: (pollIds, participantId) => ballotsOfVoter(database, pollIds, participantId),
    } satisfies BallotBox);
  },
  { name: 'storage', dependencies: ['database', 'metrics'] },
);
