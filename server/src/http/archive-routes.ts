// The record of a debate: its timeline (the event log, redacted for the public), the
// hash-chain check, the report, and the ballot audit of a poll.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { countBallots, loadBallots, ballotsDigest } from '../db/ballot-store.ts';
import type { Debate } from '../db/debates-repo.ts';
import { listRecordings } from '../db/recordings-repo.ts';
import { rebuild, redactEvent } from '../domain/debate.ts';
import { createTally, type PollResults } from '../domain/polls/index.ts';
import type { DebateState } from '../domain/state.ts';
import { AppError } from '../errors.ts';
import {
  DebateParamsSchema,
  DebateReportSchema,
  PollAuditResponseSchema,
  PollParamsSchema,
  TimelineQuerySchema,
  TimelineResponseSchema,
  VerifyResponseSchema,
  ERROR_RESPONSES,
} from '../protocol/rest.ts';
import { existingDebate, visibleDebate } from './debate-lookup.ts';
import { BEARER, OPTIONAL_BEARER, viewerOf, type Guards } from './guards.ts';
import { buildReport } from './report.ts';
import { baseUrlOf } from './debate-view.ts';
import { recordingDto } from './recording-view.ts';

const errors = ERROR_RESPONSES;

export function registerArchiveRoutes(app: FastifyInstance, guards: Guards): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { events, registry, database, ballots } = app.services;

  /**
   * The folded state of a debate. Debates that can still change are read from their live
   * instance (with the open polls' tallies); finished ones are folded from the log here,
   * so reading the archive does not keep every old debate loaded in the registry.
   */
  async function stateOf(row: Debate): Promise<{ state: DebateState; tallies: Record<string, PollResults> }> {
    if (row.status === 'ended' || row.status === 'archived') {
      return { state: rebuild(row.id, await events.load(row.id)), tallies: {} };
    }
    return (await registry.handle(row.id)).read();
  }

  r.get(
    '/api/debates/:id/timeline',
    {
      onRequest: guards.optional,
      schema: {
        tags: ['archive'],
        summary: 'Events after `after` (seq), redacted for the public unless admin/moderator',
        security: OPTIONAL_BEARER,
        params: DebateParamsSchema,
        querystring: TimelineQuerySchema,
        response: { 200: TimelineResponseSchema, ...errors },
      },
    },
    async (req) => {
      const row = await visibleDebate(app, req.params.id, req.caller);
      const { after, limit } = req.query;
      const [page, head] = await Promise.all([events.load(row.id, after, limit), events.head(row.id)]);
      const viewer = viewerOf(req.caller);
      return {
        events: page.map((e) => redactEvent(e, viewer)),
        nextAfter: page.length ? page[page.length - 1]!.seq : Math.min(after, head.seq),
        headSeq: head.seq,
      };
    },
  );

  r.get(
    '/api/debates/:id/verify',
    {
      onRequest: guards.optional,
      schema: {
        tags: ['archive'],
        summary: 'Recompute the hash chain of the debate log',
        security: OPTIONAL_BEARER,
        params: DebateParamsSchema,
        response: { 200: VerifyResponseSchema, ...errors },
      },
    },
    async (req) => {
      const row = await visibleDebate(app, req.params.id, req.caller);
      const result = await events.verify(row.id);
      return {
        ok: result.ok,
        count: result.count,
        headHash: result.headHash || null,
        brokenAt: result.brokenAt?.seq ?? null,
        reason: result.brokenAt?.reason ?? null,
      };
    },
  );

  r.get(
    '/api/debates/:id/report',
    {
      onRequest: guards.optional,
      schema: {
        tags: ['archive'],
        summary: 'Report: turns (with their place in the recordings), speaking time, polls, questions, contributions, recordings',
        security: OPTIONAL_BEARER,
        params: DebateParamsSchema,
        response: { 200: DebateReportSchema, ...errors },
      },
    },
    async (req) => {
      const row = await visibleDebate(app, req.params.id, req.caller);
      const [{ state, tallies }, recordings] = await Promise.all([stateOf(row), listRecordings(database, row.id)]);
      const baseUrl = baseUrlOf(app);
      return buildReport(state, viewerOf(req.caller), tallies, recordings.map((rec) => recordingDto(rec, baseUrl)));
    },
  );

  r.get(
    '/api/debates/:id/polls/:pollId/audit',
    {
      onRequest: guards.debateRole(['moderator']),
      schema: {
        tags: ['archive'],
        summary: "A poll's ballots as stored: row count, exact count, digest (admin or moderator)",
        security: BEARER,
        params: PollParamsSchema,
        response: { 200: PollAuditResponseSchema, ...errors },
      },
    },
    async (req) => {
      const row = await existingDebate(app, req.params.id);
      const { state } = await stateOf(row);
      const poll = state.polls.polls[req.params.pollId];
      if (!poll) throw new AppError('POLL_NOT_FOUND', `No poll ${req.params.pollId} in this debate`);
      // Ballots already acknowledged are durable; flushing also settles those in flight.
      await ballots.flush();
      const [rows, counted, digest] = await Promise.all([
        loadBallots(database, poll.id),
        countBallots(database, poll.id),
        ballotsDigest(database, poll.id),
      ]);
      return { pollId: poll.id, status: poll.status, ballotRows: rows.length, results: toResults(poll, counted), digest };
    },
  );
}

/** The database count in the results shape (counts per option, or per scale value). */
function toResults(
  poll: Parameters<typeof createTally>[0],
  counted: { total: number; byChoice: Record<number, number> },
): PollResults {
  const { counts, offset } = createTally(poll);
  const filled = counts.map((_, i) => counted.byChoice[i + offset] ?? 0);
  const results: PollResults = { counts: filled, totalBallots: counted.total };
  if (poll.kind === 'scale' && counted.total > 0) {
    results.mean = filled.reduce((sum, n, i) => sum + n * (i + offset), 0) / counted.total;
  }
  return results;
}
