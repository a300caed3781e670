// The media recordings of a debate in the archive: their list, and each file served with
// HTTP Range support so that a browser's <video> can seek. Seen by whoever may read the
// debate's timeline (public once announced; drafts for staff only).
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { getRecording, listRecordings } from '../db/recordings-repo.ts';
import { AppError } from '../errors.ts';
import { DebateParamsSchema, ERROR_RESPONSES } from '../protocol/rest.ts';
import { RecordingListResponseSchema, RecordingParamsSchema, type RecordingParams } from '../protocol/recordings.ts';
import { parseByteRange } from './byte-range.ts';
import { visibleDebate } from './debate-lookup.ts';
import { baseUrlOf } from './debate-view.ts';
import { OPTIONAL_BEARER, type Guards } from './guards.ts';
import { recordingDto, recordingMimeType } from './recording-view.ts';

export function registerRecordingRoutes(app: FastifyInstance, guards: Guards): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { database, config } = app.services;
  const root = resolve(config.dataDir, 'recordings');

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
    async (req) => {
      const row = await visibleDebate(app, req.params.id, req.caller);
      const baseUrl = baseUrlOf(app);
      return { recordings: (await listRecordings(database, row.id)).map((rec) => recordingDto(rec, baseUrl)) };
    },
  );

  // Untyped reply: the body is a file stream with its own statuses (200, 206, 416), not a
  // JSON response of the zod type provider; params and errors still go through zod.
  app.get<{ Params: RecordingParams }>(
    '/api/debates/:id/recordings/:recordingId/file',
    {
      onRequest: guards.optional,
      schema: {
        tags: ['archive'],
        summary: 'A recording file (video/webm, audio/webm or video/x-matroska)',
        description:
          'Accept-Ranges: bytes. A single `Range: bytes=start-end` (or `start-`, `-suffix`) answers 206 with ' +
          'Content-Range; a range past the end answers 416 with `Content-Range: bytes */size`. ' +
          '409 CONFLICT while the recording is being written.',
        security: OPTIONAL_BEARER,
        params: RecordingParamsSchema,
        response: ERROR_RESPONSES,
      },
    },
    async (req, reply) => {
      const debate = await visibleDebate(app, req.params.id, req.caller);
      const rec = await getRecording(database, req.params.recordingId);
      if (!rec || rec.debateId !== debate.id) throw new AppError('NOT_FOUND', `No recording ${req.params.recordingId} in this debate`);
      if (rec.status === 'recording') throw new AppError('CONFLICT', 'This recording is still being written');
      const path = resolve(join(config.dataDir, ...rec.filePath.split('/')));
      // The path comes from our own rows; still, never serve outside the recordings.
      if (!path.startsWith(root + sep)) throw new AppError('NOT_FOUND', `No file for recording ${rec.id}`);
      const file = await stat(path).catch((err: NodeJS.ErrnoException) => {
        if (err.code === 'ENOENT') throw new AppError('NOT_FOUND', `The file of recording ${rec.id} is missing`);
        throw err;
      });
      const size = file.size;
      reply
        .header('accept-ranges', 'bytes')
        .header('content-type', recordingMimeType(rec))
        .header('etag', `"${rec.id}-${size}-${Math.trunc(file.mtimeMs)}"`)
        .header('last-modified', file.mtime.toUTCString());
      const range = parseByteRange(req.headers.range, size);
      if (range === 'unsatisfiable') return reply.code(416).header('content-range', `bytes */${size}`).send();
      if (range === null) return reply.code(200).header('content-length', size).send(createReadStream(path));
      return reply
        .code(206)
        .header('content-range', `bytes ${range.start}-${range.end}/${size}`)
        .header('content-length', range.end - range.start + 1)
        .send(createReadStream(path, { start: range.start, end: range.end }));
    },
  );
}
