// Debates as organizers manage them: create, edit (before the debate goes live), list,
// read, move through the lifecycle, cancel or postpone before it starts, duplicate. Every change goes through the live debate (the
// log); the debates row follows by projection in the same transaction.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { DebateUpdatedPayload, LifecycleAction } from '../domain/lifecycle.ts';
import type { Role } from '../protocol/common.ts';
import {
  CancelDebateBodySchema,
  CreateDebateBodySchema,
  PostponeDebateBodySchema,
  DebateListResponseSchema,
  DebateParamsSchema,
  DebateResponseSchema,
  ListDebatesQuerySchema,
  UpdateDebateBodySchema,
  ERROR_RESPONSES,
} from '../protocol/rest.ts';
import { existingDebate, searchDebates, visibleDebate } from './debate-lookup.ts';
import { baseUrlOf, toDebateDto } from './debate-view.ts';
import { actorOf, BEARER, callerOf, isStaff, OPTIONAL_BEARER, type Guards } from './guards.ts';
import { auditStaffAction } from './audited.ts';
import { CommandIdSchema } from '../protocol/realtime.ts';
import { AppError } from '../errors.ts';

const errors = ERROR_RESPONSES;

/** Who besides the admin may trigger each transition. */
const TRANSITION_ROLES: Record<LifecycleAction, readonly Role[]> = {
  announce: [],
  start: ['moderator'],
  end: ['moderator'],
  archive: [],
};

export function registerDebateRoutes(app: FastifyInstance, guards: Guards): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { registry } = app;

  r.post(
    '/api/debates',
    {
      onRequest: guards.admin,
      schema: {
        tags: ['debates'],
        summary: 'Create a debate (draft)',
        security: BEARER,
        body: CreateDebateBodySchema,
        response: { 201: DebateResponseSchema, ...errors },
      },
    },
    async (req, reply) => {
      const b = req.body;
      const live = await registry.create(
        { title: b.title, description: b.description ?? null, location: b.location ?? null, modalities: b.modalities },
        { kind: 'admin' },
      );
      const row = await existingDebate(app, live.id);
      await auditStaffAction(app, req, 'debate:created', live.id, { title: b.title });
      return reply.code(201).send({ debate: toDebateDto(row, true, baseUrlOf(app)) });
    },
  );

  r.patch(
    '/api/debates/:id',
    {
      onRequest: guards.admin,
      schema: {
        tags: ['debates'],
        summary: 'Edit a draft or scheduled debate (DEBATE_LOCKED once live)',
        security: BEARER,
        params: DebateParamsSchema,
        body: UpdateDebateBodySchema,
        response: { 200: DebateResponseSchema, ...errors },
      },
    },
    async (req) => {
      const live = await registry.handle(req.params.id);
      const patch: DebateUpdatedPayload = {};
      for (const key of ['title', 'description', 'location', 'modalities'] as const) {
        if (req.body[key] !== undefined) Object.assign(patch, { [key]: req.body[key] });
      }
      await live.update(patch, actorOf(callerOf(req)), idempotencyKeyOf(req.headers));
      // Which fields changed, and of the modalities which keys (never the access code itself).
      const modalities = req.body.modalities ? Object.keys(req.body.modalities).sort() : undefined;
      await auditStaffAction(app, req, 'debate:updated', live.id, { fields: Object.keys(patch).sort(), ...(modalities ? { modalities } : {}) });
      const row = await existingDebate(app, live.id);
      return { debate: toDebateDto(row, true, baseUrlOf(app)) };
    },
  );

  r.get(
    '/api/debates',
    {
      onRequest: guards.admin,
      schema: {
        tags: ['debates'],
        summary: 'List every debate, drafts included (admin)',
        security: BEARER,
        querystring: ListDebatesQuerySchema,
        response: { 200: DebateListResponseSchema, ...errors },
      },
    },
    async (req) => {
      const { status, q } = req.query;
      const found = await searchDebates(app, { ...(status ? { statuses: [status] } : {}), ...(q ? { q } : {}), staff: true });
      const base = baseUrlOf(app);
      return { ...found, debates: found.debates.map((row) => toDebateDto(row, true, base)) };
    },
  );

  r.get(
    '/api/debates/:id',
    {
      onRequest: guards.optional,
      schema: {
        tags: ['debates'],
        summary: 'One debate (public once announced; the access code only for admins, moderators and its room display)',
        security: OPTIONAL_BEARER,
        params: DebateParamsSchema,
        response: { 200: DebateResponseSchema, ...errors },
      },
    },
    async (req) => {
      const row = await visibleDebate(app, req.params.id, req.caller);
      // The room display shows the access code beside its QR code: the room is its public.
      const display = req.caller?.kind === 'token' && req.caller.claims.role === 'display' && req.caller.claims.debateId === row.id;
      return { debate: toDebateDto(row, isStaff(req.caller) || display, baseUrlOf(app)) };
    },
  );

  for (const action of ['announce', 'start', 'end', 'archive'] as const) {
    const roles = TRANSITION_ROLES[action];
    r.post(
      `/api/debates/:id/${action}`,
      {
        onRequest: guards.debateRole(roles),
        schema: {
          tags: ['debates'],
          summary: `${action[0]!.toUpperCase()}${action.slice(1)} the debate (admin${roles.length ? ' or its moderator' : ''})`,
          security: BEARER,
          params: DebateParamsSchema,
          response: { 200: DebateResponseSchema, ...errors },
        },
      },
      async (req) => {
        const live = await registry.handle(req.params.id);
        await live.transition(action, actorOf(callerOf(req)), idempotencyKeyOf(req.headers));
        await auditStaffAction(app, req, `debate:${action}`, live.id);
        const row = await existingDebate(app, live.id);
        return { debate: toDebateDto(row, true, baseUrlOf(app)) };
      },
    );
  }

  r.post(
    '/api/debates/:id/cancel',
    {
      onRequest: guards.admin,
      schema: {
        tags: ['debates'],
        summary: 'Cancel an announced debate, with an optional public reason (admin)',
        security: BEARER,
        params: DebateParamsSchema,
        body: CancelDebateBodySchema,
        response: { 200: DebateResponseSchema, ...errors },
      },
    },
    async (req) => {
      const live = await registry.handle(req.params.id);
      await live.reschedule({ kind: 'cancel', reason: req.body?.reason ?? null }, actorOf(callerOf(req)), idempotencyKeyOf(req.headers));
      await auditStaffAction(app, req, 'debate:cancel', live.id);
      const row = await existingDebate(app, live.id);
      return { debate: toDebateDto(row, true, baseUrlOf(app)) };
    },
  );

  r.post(
    '/api/debates/:id/postpone',
    {
      onRequest: guards.admin,
      schema: {
        tags: ['debates'],
        summary: 'Move a draft or announced debate to another start, with an optional public reason (admin)',
        security: BEARER,
        params: DebateParamsSchema,
        body: PostponeDebateBodySchema,
        response: { 200: DebateResponseSchema, ...errors },
      },
    },
    async (req) => {
      const live = await registry.handle(req.params.id);
      const { scheduledStart, reason } = req.body;
      await live.reschedule({ kind: 'postpone', scheduledStart, reason: reason ?? null }, actorOf(callerOf(req)), idempotencyKeyOf(req.headers));
      await auditStaffAction(app, req, 'debate:postpone', live.id, { scheduledStart });
      const row = await existingDebate(app, live.id);
      return { debate: toDebateDto(row, true, baseUrlOf(app)) };
    },
  );

  r.post(
    '/api/debates/:id/duplicate',
    {
      onRequest: guards.admin,
      schema: {
        tags: ['debates'],
        summary: 'A new draft with the same title, description, place and modalities (admin)',
        security: BEARER,
        params: DebateParamsSchema,
        response: { 201: DebateResponseSchema, ...errors },
      },
    },
    async (req, reply) => {
      const source = await existingDebate(app, req.params.id);
      const live = await registry.create(
        {
          title: source.title,
          description: source.description,
          location: source.location,
          modalities: source.modalities,
          duplicatedFrom: source.id,
        },
        actorOf(callerOf(req)),
      );
      await auditStaffAction(app, req, 'debate:created', live.id, { duplicatedFrom: source.id });
      const row = await existingDebate(app, live.id);
      return reply.code(201).send({ debate: toDebateDto(row, true, baseUrlOf(app)) });
    },
  );
}

/**
 * The `Idempotency-Key` header of a command route (the same keys as a socket command's
 * `commandId`): a command sent again with it is applied once (docs/protocol.md).
 */
function idempotencyKeyOf(headers: Record<string, string | string[] | undefined>): string | undefined {
  const raw = headers['idempotency-key'];
  if (raw === undefined) return undefined;
  const key = CommandIdSchema.safeParse(raw);
  if (!key.success) throw new AppError('VALIDATION_FAILED', 'Invalid Idempotency-Key header', [{ path: 'idempotency-key', message: 'expected an idempotency key' }]);
  return key.data;
}
