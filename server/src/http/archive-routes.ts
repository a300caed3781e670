// The record of a debate over REST: its timeline (redacted for the public), the
// hash-chain check, the report, and the ballot audit of a poll. The reads live in
// archive/; these routes parse, authorize, call it and answer.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
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
import { BEARER, OPTIONAL_BEARER, viewerOf, type Guards } from './guards.ts';

const errors = ERROR_RESPONSES;

export function registerArchiveRoutes(app: FastifyInstance, guards: Guards): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { archive } = app;

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
    async (req) => archive.timeline(req.params.id, viewerOf(req.caller), req.query),
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
    async (req) => archive.verify(req.params.id, viewerOf(req.caller)),
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
    async (req) => archive.report(req.params.id, viewerOf(req.caller)),
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
    async (req) => archive.pollAudit(req.params.id, req.params.pollId),
  );
}
