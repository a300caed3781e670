// E-mail notifications over HTTP: the public subscribe form's endpoint, the double
// opt-in confirmation, the RFC 8058 one-click unsubscribe (a POST to the address of the
// List-Unsubscribe header, any body), the small server-rendered pages the links in
// mails open (a button that POSTs: mail scanners follow GET links, and must neither
// confirm nor unsubscribe anybody), and the organizer's delivery state and preview.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ConfirmResponseSchema,
  NotifyInfoResponseSchema,
  NotifyStatusResponseSchema,
  NotifyTokenParamsSchema,
  PreviewQuerySchema,
  PreviewResponseSchema,
  SubscribeBodySchema,
  SubscribeResponseSchema,
  UnsubscribeResponseSchema,
} from '../protocol/notify.ts';
import { DebateParamsSchema, ERROR_RESPONSES } from '../protocol/rest.ts';
import { escapeHtml } from '../notify/mail-templates.ts';
import { isAppError } from '../errors.ts';
import { BEARER, type Guards } from './guards.ts';

const errors = ERROR_RESPONSES;

const PAGES = {
  confirm: { title: 'Confirmer l’inscription', ask: 'Confirmez-vous recevoir les annonces et rappels des débats à cette adresse ?', button: 'Confirmer', done: 'C’est confirmé : vous serez prévenu·e par e-mail.', bad: 'Ce lien n’est pas (ou plus) valable : inscrivez-vous de nouveau.' },
  unsubscribe: { title: 'Se désinscrire', ask: 'Ne plus recevoir ces e-mails ? Votre adresse sera effacée.', button: 'Me désinscrire', done: 'C’est fait : votre adresse est effacée, vous ne recevrez plus ces e-mails.', bad: 'C’est fait : cette adresse n’est plus inscrite.' },
} as const;

function page(reply: FastifyReply, title: string, body: string, status = 200) {
  return reply
    .code(status)
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('referrer-policy', 'no-referrer')
    .send(`<!doctype html><html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>Tribune · ${escapeHtml(title)}</title></head><body><main><h1>${escapeHtml(title)}</h1>${body}<p><a href="/">Débats publics</a></p></main></body></html>`);
}

export function registerNotifyRoutes(scope: FastifyInstance, guards: Guards): void {
  // A child scope: the one-click POST comes form-encoded (RFC 8058), the other routes
  // of the API keep refusing that content type.
  scope.register(async (app) => {
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 1024 }, (_req, body, done) => done(null, {}));
    const r = app.withTypeProvider<ZodTypeProvider>();
    const notifier = app.notifier;

    r.get('/api/public/notify', { schema: { tags: ['notify'], summary: 'Whether e-mail notifications are available', response: { 200: NotifyInfoResponseSchema } } }, async () => ({
      emailEnabled: app.mailer.enabled,
    }));

    r.post(
      '/api/notify/subscriptions',
      {
        config: { rateLimit: { max: app.config.notify.subscribePerIpPerMinute, timeWindow: 60_000 } },
        schema: {
          tags: ['notify'],
          summary: 'Subscribe an address (a debate, all debates, or a tag); a confirmation mail is sent (double opt-in)',
          body: SubscribeBodySchema,
          response: { 202: SubscribeResponseSchema, ...errors },
        },
      },
      async (req, reply) => {
        const b = req.body;
        const scopeIn = b.scope.kind === 'debate' ? { kind: 'debate' as const, debateId: b.scope.debateId } : b.scope.kind === 'tag' ? { kind: 'tag' as const, tag: b.scope.tag } : { kind: 'all' as const };
        await notifier.subscribe({ email: b.email, name: b.name ?? null, lang: b.lang, scope: scopeIn });
        return reply.code(202).send({ pending: true as const });
      },
    );

    r.post(
      '/api/notify/confirm/:token',
      { schema: { tags: ['notify'], summary: 'Confirm a subscription (the link of the confirmation mail)', params: NotifyTokenParamsSchema, response: { 200: ConfirmResponseSchema, ...errors } } },
      async (req) => {
        const sub = await notifier.confirm(req.params.token);
        return { confirmed: true as const, scope: sub.scope, scopeValue: sub.scopeValue };
      },
    );

    r.post(
      '/api/notify/unsubscribe/:token',
      {
        schema: {
          tags: ['notify'],
          summary: 'One-click unsubscribe (RFC 8058): deletes the subscription and its address',
          params: NotifyTokenParamsSchema,
          body: z.unknown().optional(),
          response: { 200: UnsubscribeResponseSchema, ...errors },
        },
      },
      async (req) => ({ unsubscribed: await notifier.unsubscribe(req.params.token) }),
    );

    r.get('/api/notify/unsubscribe/:token', { schema: { hide: true, params: NotifyTokenParamsSchema } }, async (req, reply) =>
      reply.redirect(`/notify/unsubscribe/${encodeURIComponent(req.params.token)}`, 303),
    );

    for (const action of ['confirm', 'unsubscribe'] as const) {
      const texts = PAGES[action];
      r.get(`/notify/${action}/:token`, { schema: { hide: true, params: NotifyTokenParamsSchema } }, async (req, reply) =>
        page(
          reply,
          texts.title,
          `<p>${escapeHtml(texts.ask)}</p><form method="post" action="/notify/${action}/${escapeHtml(encodeURIComponent(req.params.token))}"><button type="submit">${escapeHtml(texts.button)}</button></form>`,
        ),
      );
      r.post(`/notify/${action}/:token`, { schema: { hide: true, params: NotifyTokenParamsSchema, body: z.unknown().optional() } }, async (req, reply) => {
        try {
          if (action === 'confirm') await notifier.confirm(req.params.token);
          else await notifier.unsubscribe(req.params.token);
          return page(reply, texts.title, `<p role="status">${escapeHtml(texts.done)}</p>`);
        } catch (err) {
          if (isAppError(err) && err.code === 'NOT_FOUND') return page(reply, texts.title, `<p role="alert">${escapeHtml(texts.bad)}</p>`, 404);
          throw err;
        }
      });
    }

    r.get(
      '/api/debates/:id/notify',
      {
        onRequest: guards.admin,
        schema: { tags: ['notify'], summary: 'E-mail notifications of a debate: on or off, subscribers, deliveries (sent, failed, why)', security: BEARER, params: DebateParamsSchema, response: { 200: NotifyStatusResponseSchema, ...errors } },
      },
      async (req) => {
        const s = await notifier.status(req.params.id);
        return { ...s, deliveries: s.deliveries.map(({ id, kind, recipientHint, status, attempts, error, createdAt, sentAt }) => ({ id, kind, recipientHint, status, attempts, error, createdAt, sentAt })) };
      },
    );

    r.get(
      '/api/debates/:id/notify/preview',
      {
        onRequest: guards.admin,
        schema: { tags: ['notify'], summary: 'Preview a notification mail of this debate (text and HTML)', security: BEARER, params: DebateParamsSchema, querystring: PreviewQuerySchema, response: { 200: PreviewResponseSchema, ...errors } },
      },
      async (req) => notifier.preview(req.params.id, req.query.kind, req.query.lang),
    );
  });
}
