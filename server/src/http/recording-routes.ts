// The media recordings of a debate in the archive: their list, and each file, sent by
// @fastify/static (Range and If-Range so that a browser's <video> can seek, ETag and
// Last-Modified with 304, HEAD). Seen by whoever may read the debate's timeline (public
// once announced; drafts for staff only): archive/ decides which file, if any.
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { DebateParamsSchema, ERROR_RESPONSES } from '../protocol/rest.ts';
import { RecordingListResponseSchema, RecordingParamsSchema, type RecordingParams } from '../protocol/recordings.ts';
import { OPTIONAL_BEARER, viewerOf, type Guards } from './guards.ts';

export async function registerRecordingRoutes(app: FastifyInstance, guards: Guards): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { archive } = app;

  r.get(
    '/api/debates/:id/recordings',
    {
      onRequest: guards.optional,
      schema: {
        tags: ['archive'],
        summary: 'The media recordings of the debate, in recording order',
        security: OPTIONAL_BEARER,
        params: DebateParamsSchema,
        response: { 200: RecordingListResponseSchema, ...ERROR_RESPONSES },
      },
    },
    async (req) => ({ recordings: await archive.recordings(req.params.id, viewerOf(req.caller)) }),
  );

  await app.register(async (files) => {
    // Only the reply decorator: which file to send (and its root) is the archive's decision.
    await files.register(fastifyStatic, { serve: false });

    // Untyped reply: the body is a file with its own statuses (200, 206, 304, 416), not a
    // JSON response of the zod type provider; params and errors still go through zod.
    files.get<{ Params: RecordingParams }>(
      '/api/debates/:id/recordings/:recordingId/file',
      {
        onRequest: guards.optional,
        schema: {
          tags: ['archive'],
          summary: 'A recording file (video/webm, audio/webm or video/x-matroska); HEAD too',
          description:
            'Accept-Ranges: bytes. A single `Range: bytes=start-end` (or `start-`, `-suffix`) answers 206 with ' +
            'Content-Range; a range past the end answers 416 with `Content-Range: bytes */size`. ' +
            'ETag and Last-Modified: `If-None-Match` / `If-Modified-Since` answer 304, and a Range under an ' +
            '`If-Range` that no longer matches answers the whole file (200). ' +
            '409 CONFLICT while the recording is being written.',
          security: OPTIONAL_BEARER,
          params: RecordingParamsSchema,
          response: ERROR_RESPONSES,
        },
      },
      async (req, reply) => {
        const file = await archive.recordingFile(req.params.id, req.params.recordingId, viewerOf(req.caller));
        // Our type (WebM of sound only is audio/webm, whatever the extension says); no
        // Cache-Control, as before: a draft's recordings are for staff only.
        return reply.type(file.mimeType).sendFile(file.path, file.root, { contentType: false, cacheControl: false });
      },
    );
  });
}
