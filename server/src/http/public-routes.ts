// What anyone may read without a token: the list of announced and past debates (with
// an archive search) and the iCalendar feeds. Drafts never appear here.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  DebateListResponseSchema,
  DebateParamsSchema,
  ErrorResponseSchema,
  PublicDebatesQuerySchema,
} from '../protocol/rest.ts';
import { buildCalendar, ICS_CONTENT_TYPE } from './calendar.ts';
import { contentDisposition } from './encoding.ts';
import { searchDebates, visibleDebate } from './debate-lookup.ts';
import { baseUrlOf, toDebateDto } from './debate-view.ts';
import { OPTIONAL_BEARER, type Guards } from './guards.ts';

const PUBLIC_STATUSES = ['scheduled', 'live', 'ended', 'archived', 'cancelled'] as const;
/**
 * The feed lists what one can still attend, and the cancelled debates still ahead (as
 * STATUS:CANCELLED, so subscribed calendars strike them out instead of keeping them).
 */
const CALENDAR_STATUSES = ['scheduled', 'live', 'cancelled'] as const;

const IcsSchema = z.string().describe('text/calendar (RFC 5545)');

export function registerPublicRoutes(app: FastifyInstance, guards: Guards): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/public/debates',
    {
      schema: {
        tags: ['public'],
        summary: 'Announced, live and past debates by scheduled start; `q` searches titles, descriptions, public questions and contributions, speakers (French, accent-insensitive)',
        querystring: PublicDebatesQuerySchema,
        response: { 200: DebateListResponseSchema, 400: ErrorResponseSchema },
      },
    },
    async (req) => {
      const { status, q } = req.query;
      const found = await searchDebates(app, { statuses: status ? [status] : PUBLIC_STATUSES, ...(q ? { q } : {}) });
      const base = baseUrlOf(app);
      return { ...found, debates: found.debates.map((row) => toDebateDto(row, false, base)) };
    },
  );

  r.get(
    '/api/calendar.ics',
    {
      schema: {
        tags: ['public'],
        summary: 'iCalendar feed of the announced and live debates',
        produces: ['text/calendar'],
        response: { 200: IcsSchema },
      },
    },
    async (_req, reply) => {
      const { debates: rows } = await searchDebates(app, { statuses: CALENDAR_STATUSES });
      const now = app.clock.now();
      const debates = rows.filter((d) => d.status !== 'cancelled' || Date.parse(d.modalities.scheduledStart) > now);
      const body = buildCalendar(debates, baseUrlOf(app), 'Tribune — débats publics');
      return reply.type(ICS_CONTENT_TYPE).header('cache-control', 'public, max-age=300').send(body);
    },
  );

  r.get(
    '/api/debates/:id/calendar.ics',
    {
      onRequest: guards.optional,
      schema: {
        tags: ['public'],
        summary: "One debate's calendar entry (not for drafts)",
        security: OPTIONAL_BEARER,
        params: DebateParamsSchema,
        produces: ['text/calendar'],
        response: { 200: IcsSchema, 400: ErrorResponseSchema, 404: ErrorResponseSchema },
      },
    },
    async (req, reply) => {
      const row = await visibleDebate(app, req.params.id, req.caller);
      const body = buildCalendar([row], baseUrlOf(app), row.title);
      return reply
        .type(ICS_CONTENT_TYPE)
        .header('content-disposition', contentDisposition('inline', `debate-${row.id}.ics`))
        .send(body);
    },
  );
}
