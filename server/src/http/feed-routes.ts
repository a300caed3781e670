// The public channels a town plugs into its own site and tools: the Atom feeds of
// announced debates and of published archives, and the /embed block for an <iframe>
// (feeds/). Anyone may read them; drafts never appear.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { SlugSchema } from '../protocol/modalities.ts';
import { ErrorResponseSchema } from '../protocol/rest.ts';
import { ATOM_CONTENT_TYPE, buildAtomFeed, type FeedKind } from '../feeds/atom.ts';
import { withTag } from '../feeds/describe.ts';
import { embedCsp, renderEmbed } from '../feeds/embed-page.ts';
import { searchDebates } from './debate-lookup.ts';
import { baseUrlOf } from './debate-view.ts';

export const FeedQuerySchema = z.strictObject({
  tag: SlugSchema.optional(),
  lang: z.enum(['fr', 'en']).default('fr'),
});

export const EmbedQuerySchema = FeedQuerySchema.extend({
  limit: z.coerce.number().int().min(1).max(50).default(10),
});

const FeedParamsSchema = z.object({ kind: z.enum(['debates', 'archives']) });

const STATUSES: Record<FeedKind, readonly ('scheduled' | 'live' | 'cancelled' | 'archived')[]> = {
  debates: ['scheduled', 'live', 'cancelled'],
  archives: ['archived'],
};

export function registerFeedRoutes(app: FastifyInstance): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/feeds/:kind.atom',
    {
      schema: {
        tags: ['public'],
        summary: 'Atom feed of the announced debates (`debates`: upcoming, live, cancelled ahead) or of the published archives (`archives`)',
        params: FeedParamsSchema,
        querystring: FeedQuerySchema,
        produces: ['application/atom+xml'],
        response: { 200: z.string().describe('application/atom+xml (RFC 4287)'), 400: ErrorResponseSchema },
      },
    },
    async (req, reply) => {
      const { kind } = req.params;
      const { debates } = await searchDebates(app, { statuses: STATUSES[kind] });
      const now = app.clock.now();
      // A cancelled debate stays in the feed until its planned start (readers see it struck).
      const shown = withTag(debates, req.query.tag).filter((d) => d.status !== 'cancelled' || Date.parse(d.modalities.scheduledStart) > now);
      const rows = kind === 'archives' ? shown.reverse() : shown;
      const body = buildAtomFeed(rows, baseUrlOf(app), { kind, lang: req.query.lang, tag: req.query.tag }, app.config.timeZone);
      return reply.type(ATOM_CONTENT_TYPE).header('cache-control', 'public, max-age=300').send(body);
    },
  );

  r.get(
    '/embed',
    {
      schema: {
        tags: ['public'],
        summary: 'Block for an <iframe> on the town website: upcoming and live debates with their join links (frame-ancestors: EMBED_ALLOWED_ORIGINS)',
        querystring: EmbedQuerySchema,
        produces: ['text/html'],
        response: { 200: z.string().describe('text/html'), 400: ErrorResponseSchema },
      },
    },
    async (req, reply) => {
      const { tag, lang, limit } = req.query;
      const { debates } = await searchDebates(app, { statuses: ['live', 'scheduled'] });
      const live = debates.filter((d) => d.status === 'live');
      const upcoming = debates.filter((d) => d.status === 'scheduled');
      const rows = withTag([...live, ...upcoming], tag).slice(0, limit);
      const html = renderEmbed(rows, { lang, tag, baseUrl: baseUrlOf(app), timeZone: app.config.timeZone });
      // Replaces the site-wide policy (plugins/security-headers.ts) for this page only;
      // X-Frame-Options would deny every framing whatever frame-ancestors says.
      reply.removeHeader('x-frame-options');
      return reply
        .type('text/html; charset=utf-8')
        .header('content-security-policy', embedCsp(app.config.embedAllowedOrigins))
        .header('cache-control', 'public, max-age=60')
        .send(html);
    },
  );
}
