// The broadcast over HTTP. Public: the HLS playlist and segments of a debate (who may read
// the debate may watch it), with cache headers made for a CDN or a caching proxy in front
// (deploy/nginx.conf): a segment's name is never reused, so it is immutable for a year;
// the playlist changes every segment, so it lives one second. And the figure the citizen
// page chooses HLS or WebRTC by. Organizer (admin or moderator): the debate's RTMP(S)
// destinations, whose stream keys go in and never come out.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { isStaffViewer, visibleDebate } from '../access/visibility.ts';
import { deleteDestination, insertDestination, listDestinations } from '../db/broadcast-destinations-repo.ts';
import { AppError } from '../errors.ts';
import {
  BroadcastDestinationInputSchema, BroadcastDestinationViewSchema, BroadcastPublicSchema, type BroadcastDestinationView, type BroadcastPublic,
} from '../protocol/broadcast.ts';
import { IdSchema } from '../protocol/common.ts';
import { DebateParamsSchema, ERROR_RESPONSES } from '../protocol/rest.ts';
import { hlsDirOf, playlistPathOf } from '../../../media/broadcast/broadcast-manager.ts';
import { BEARER, OPTIONAL_BEARER, viewerOf, type Guards } from './guards.ts';

const HlsParamsSchema = z.object({
  id: IdSchema,
  file: z.string().regex(/^(index\.m3u8|[a-z0-9]{1,40}-\d{1,9}\.ts)$/, 'expected the playlist or a segment'),
});
const DestinationParamsSchema = z.object({ id: IdSchema, destinationId: IdSchema });
const DestinationListSchema = z.object({ destinations: z.array(BroadcastDestinationViewSchema) });

export const PLAYLIST_CACHE = 'public, max-age=1';
export const SEGMENT_CACHE = 'public, max-age=31536000, immutable';

export function registerBroadcastRoutes(app: FastifyInstance, guards: Guards): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { database, config } = app;

  // Untyped reply (a file body, as the recordings' route): params and errors still go through zod.
  app.get<{ Params: z.infer<typeof HlsParamsSchema> }>(
    '/api/debates/:id/hls/:file',
    {
      onRequest: guards.optional,
      schema: {
        tags: ['broadcast'],
        summary: 'The HLS program of the debate: index.m3u8 (max-age=1) and its segments (immutable)',
        security: OPTIONAL_BEARER,
        params: HlsParamsSchema,
        response: ERROR_RESPONSES,
      },
    },
    async (req, reply) => {
      const debate = await visibleDebate(database, req.params.id, isStaffViewer(viewerOf(req.caller)));
      const playlist = req.params.file.endsWith('.m3u8');
      const body = await readFile(join(hlsDirOf(config.dataDir, debate.id), req.params.file)).catch((err: NodeJS.ErrnoException) => {
        if (err.code === 'ENOENT') throw new AppError('NOT_FOUND', playlist ? 'this debate is not broadcast' : 'no such segment (it may have left the live window)');
        throw err;
      });
      return reply
        .header('cache-control', playlist ? PLAYLIST_CACHE : SEGMENT_CACHE)
        .type(playlist ? 'application/vnd.apple.mpegurl' : 'video/mp2t')
        .send(body);
    },
  );

  r.get(
    '/api/debates/:id/broadcast',
    {
      onRequest: guards.optional,
      schema: {
        tags: ['broadcast'],
        summary: 'Whether the debate is broadcast in HLS, and whether a new viewer should play it rather than WebRTC',
        security: OPTIONAL_BEARER,
        params: DebateParamsSchema,
        response: { 200: BroadcastPublicSchema, ...ERROR_RESPONSES },
      },
    },
    async (req, reply): Promise<BroadcastPublic> => {
      const debate = await visibleDebate(database, req.params.id, isStaffViewer(viewerOf(req.caller)));
      const live = app.broadcast?.state(debate.id).live ?? false;
      // Two consumers (sound and picture) per WebRTC viewer of the program.
      const webrtcViewers = Math.ceil((app.media?.session(debate.id)?.mediasoupRoom.consumerCount ?? 0) / 2);
      const threshold = config.broadcast.webrtcThreshold;
      reply.header('cache-control', 'no-store');
      return { live, playlist: playlistPathOf(debate.id), webrtcViewers, threshold, preferHls: live && webrtcViewers >= threshold };
    },
  );

  const views = async (debateId: string): Promise<BroadcastDestinationView[]> => {
    const live = new Map((app.broadcast?.state(debateId).destinations ?? []).map((d) => [d.id, d]));
    return (await listDestinations(database, debateId)).map((d) => live.get(d.id) ?? { ...d, state: 'idle', reason: null, retryAt: null });
  };

  r.get(
    '/api/debates/:id/broadcast/destinations',
    {
      onRequest: guards.debateRole(['moderator']),
      schema: {
        tags: ['broadcast'],
        summary: 'The RTMP(S) destinations of the debate and the state of each push (never the stream key)',
        security: BEARER,
        params: DebateParamsSchema,
        response: { 200: DestinationListSchema, ...ERROR_RESPONSES },
      },
    },
    async (req) => {
      await visibleDebate(database, req.params.id, true);
      return { destinations: await views(req.params.id) };
    },
  );

  r.post(
    '/api/debates/:id/broadcast/destinations',
    {
      onRequest: guards.debateRole(['moderator']),
      schema: {
        tags: ['broadcast'],
        summary: 'Add an RTMP(S) destination (URL and stream key; the key is never shown again)',
        security: BEARER,
        params: DebateParamsSchema,
        body: BroadcastDestinationInputSchema,
        response: { 201: BroadcastDestinationViewSchema, ...ERROR_RESPONSES },
      },
    },
    async (req, reply) => {
      await visibleDebate(database, req.params.id, true);
      const row = await insertDestination(database, { debateId: req.params.id, ...req.body, url: req.body.url.replace(/\/+$/, ''), createdAt: Date.now() });
      app.broadcast?.destinationsChanged(req.params.id);
      return reply.status(201).send({ ...row, state: 'idle', reason: null, retryAt: null });
    },
  );

  r.delete(
    '/api/debates/:id/broadcast/destinations/:destinationId',
    {
      onRequest: guards.debateRole(['moderator']),
      schema: {
        tags: ['broadcast'],
        summary: 'Remove an RTMP(S) destination (its push stops)',
        security: BEARER,
        params: DestinationParamsSchema,
        response: { 204: z.null(), ...ERROR_RESPONSES },
      },
    },
    async (req, reply) => {
      if (!(await deleteDestination(database, req.params.id, req.params.destinationId))) throw new AppError('NOT_FOUND', 'no such destination');
      app.broadcast?.destinationsChanged(req.params.id);
      return reply.status(204).send(null);
    },
  );
}
