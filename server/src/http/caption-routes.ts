// Captions over REST: the debate's transcript (folded from the log, as the public sees
// it), the WebVTT track of each recording (served beside the file, for the player's
// <track>), and the organizer's correction of a segment once the debate is over: a new
// `caption:corrected` event that names the original (which stays in the chain).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { isStaffViewer, visibleDebate } from '../access/visibility.ts';
import { getRecording } from '../db/recordings-repo.ts';
import { AppError } from '../errors.ts';
import { CaptionCorrectionBodySchema, CaptionSegmentParamsSchema, TranscriptSegmentSchema } from '../protocol/captions.ts';
import { draft } from '../protocol/events/index.ts';
import { transcriptOf, webVtt } from '../protocol/folds/transcript.ts';
import { RecordingParamsSchema, type RecordingParams } from '../protocol/recordings.ts';
import { DebateParamsSchema, ERROR_RESPONSES } from '../protocol/rest.ts';
import { actorOf, BEARER, callerOf, OPTIONAL_BEARER, viewerOf, type Guards } from './guards.ts';

const TranscriptResponseSchema = z.object({ segments: z.array(TranscriptSegmentSchema) });
const CorrectionResponseSchema = z.object({ seq: z.number().int(), segmentId: z.string(), correctsSeq: z.number().int() });

export function registerCaptionRoutes(app: FastifyInstance, guards: Guards): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const visible = (id: string, req: { caller: Parameters<typeof viewerOf>[0] }) => visibleDebate(app.database, id, isStaffViewer(viewerOf(req.caller)));

  r.get(
    '/api/debates/:id/transcript',
    {
      onRequest: guards.optional,
      schema: {
        tags: ['archive'],
        summary: 'The transcript: every final caption segment with its speaker, side and corrections',
        security: OPTIONAL_BEARER,
        params: DebateParamsSchema,
        response: { 200: TranscriptResponseSchema, ...ERROR_RESPONSES },
      },
    },
    async (req) => {
      const row = await visible(req.params.id, req);
      return { segments: transcriptOf(await app.eventStore.load(row.id)) };
    },
  );

  r.get<{ Params: RecordingParams }>(
    '/api/debates/:id/recordings/:recordingId/captions.vtt',
    {
      onRequest: guards.optional,
      schema: {
        tags: ['archive'],
        summary: 'The WebVTT caption track of a recording (reference segments, times relative to the file)',
        security: OPTIONAL_BEARER,
        params: RecordingParamsSchema,
        response: ERROR_RESPONSES,
      },
    },
    async (req, reply) => {
      const row = await visible(req.params.id, req);
      const rec = await getRecording(app.database, req.params.recordingId);
      if (!rec || rec.debateId !== row.id) throw new AppError('NOT_FOUND', `no recording "${req.params.recordingId}" in this debate`);
      const vtt = webVtt(transcriptOf(await app.eventStore.load(row.id)), rec.startedAt, rec.endedAt ?? null);
      return reply.type('text/vtt; charset=utf-8').send(vtt);
    },
  );

  r.post(
    '/api/debates/:id/captions/:segmentId/corrections',
    {
      onRequest: guards.debateRole(['moderator']),
      schema: {
        tags: ['archive'],
        summary: 'Correct a caption segment after the debate (admin or moderator); the original stays in the log',
        security: BEARER,
        params: CaptionSegmentParamsSchema,
        body: CaptionCorrectionBodySchema,
        response: { 201: CorrectionResponseSchema, ...ERROR_RESPONSES },
      },
    },
    async (req, reply) => {
      const row = await visible(req.params.id, req);
      if (row.status !== 'ended' && row.status !== 'archived') {
        throw new AppError('DEBATE_LOCKED', 'captions are corrected once the debate is over', { status: row.status });
      }
      const original = (await app.eventStore.load(row.id)).find((e) => e.type === 'caption:final' && e.payload.segmentId === req.params.segmentId);
      if (!original) throw new AppError('NOT_FOUND', `no caption segment "${req.params.segmentId}" in this debate`);
      const live = await app.registry.get(row.id);
      const event = await live.appendSystemEvent(
        draft('caption:corrected', { segmentId: req.params.segmentId, correctsSeq: original.seq, text: req.body.text }),
        actorOf(callerOf(req)),
      );
      return reply.status(201).send({ seq: event.seq, segmentId: req.params.segmentId, correctsSeq: original.seq });
    },
  );
}
