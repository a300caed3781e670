// E-mail notifications end to end: the real app with a real SMTP server (smtp-server,
// mailparser), the job queue on the run's database. Double opt-in, the announcement with
// its modalities and .ics, French and English, one-POST unsubscribe (RFC 8058) that
// deletes the address, changes and cancellation, a failing SMTP retried then marked
// failed (visible to the organizer), the preview, and bad input refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { admin, http, modalities } from '../helpers/clients.ts';
import { startTestSmtp, type TestSmtp } from '../helpers/smtp.ts';
import { until } from '../helpers/until.ts';
import { headerOf, mailsOf, NOTIFY_ENV, subscribeConfirmed, tokenIn } from '../helpers/notify.ts';

describe('e-mail notifications', () => {
  let smtp: TestSmtp;
  let t: TestApp;
  beforeAll(async () => {
    smtp = await startTestSmtp();
    t = await startTestApp({ env: { SMTP_URL: smtp.url, MAIL_FROM: 'Mairie de Villeneuve <debats@villeneuve.test>', ...NOTIFY_ENV } });
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  it('confirms by double opt-in, announces with modalities and .ics, in French and English', async () => {
    expect((await http(t, 'GET', '/api/public/notify')).body).toEqual({ emailEnabled: true });
    await subscribeConfirmed(t, smtp, 'ana@example.org', { kind: 'all' });
    await subscribeConfirmed(t, smtp, 'ben@example.org', { kind: 'tag', tag: 'mobilite' }, 'en');
    // Pending (never confirmed): a GET of its link (a mail scanner) confirms nothing.
    const pending = await http(t, 'POST', '/api/notify/subscriptions', { body: { email: 'cleo@example.org', scope: { kind: 'all' } } });
    expect(pending.status).toBe(202);
    const conf = await until('confirmation to cleo', () => smtp.to('cleo@example.org')[0]);
    expect(conf.parsed.subject).toBe('Confirmez votre inscription aux débats');
    const page = await fetch(`${t.baseUrl}/notify/confirm/${tokenIn(conf, 'confirm')}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<form method="post"');
    // A forged token is refused.
    expect((await http(t, 'POST', `/api/notify/confirm/${tokenIn(conf, 'confirm').slice(0, -2)}xx`)).status).toBe(404);

    const created = await admin(t, 'POST', '/api/debates', {
      title: 'Plan vélo 2027',
      location: 'Salle du conseil',
      modalities: modalities({ tags: ['mobilite'] }),
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.debate.id as string;
    expect((await admin(t, 'POST', `/api/debates/${id}/announce`)).status).toBe(200);

    const [fr] = await until('announcement to ana', () => mailsOf(smtp, 'ana@example.org', /^Débat annoncé/).length === 1 && mailsOf(smtp, 'ana@example.org', /^Débat annoncé/));
    const [en] = await until('announcement to ben', () => mailsOf(smtp, 'ben@example.org', /^Debate announced/).length === 1 && mailsOf(smtp, 'ben@example.org', /^Debate announced/));
    expect(fr!.parsed.subject).toBe('Débat annoncé\u00a0: Plan vélo 2027');
    const text = fr!.parsed.text!;
    for (const line of ['Lieu\u00a0: Salle du conseil et en ligne', 'Durée prévue\u00a0: 1\u00a0h 30', 'Interventions\u00a0: à l’oral et par écrit', 'Sondages\u00a0: oui, en direct', 'Invité·es\u00a0: Alice Martin (Mairie)', 'Pour participer\u00a0: ouvert à toutes et à tous, sans inscription']) {
      expect(text).toContain(line);
    }
    expect(text).toMatch(/Date\u00a0: jeudi 3 décembre 2026 à 18:30/);
    expect(fr!.parsed.html).toContain('<th style="text-align:left;padding-right:1em">Durée prévue</th>');
    expect(headerOf(fr!, 'List-Unsubscribe')).toMatch(/^<http:\/\/localhost:\d+\/api\/notify\/unsubscribe\/[A-Za-z0-9_.-]+>$/);
    expect(headerOf(fr!, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    expect(text).toMatch(/Se désinscrire en un clic\u00a0: http:\/\/localhost:\d+\/notify\/unsubscribe\//);
    const ics = fr!.parsed.attachments.find((a) => a.filename === `debat-${id}.ics`);
    expect(ics?.content.toString()).toContain(`UID:debate-${id}@tribune`);
    expect(en!.parsed.text).toContain('Contributions: spoken and written');
    // Not confirmed: nothing for cleo but the confirmation.
    expect(smtp.to('cleo@example.org')).toHaveLength(1);

    // The organizer's view: sent, to masked addresses.
    const status = await admin(t, 'GET', `/api/debates/${id}/notify`);
    expect(status.status).toBe(200);
    expect(status.body.emailEnabled).toBe(true);
    expect(status.body.subscribers).toBe(2);
    expect(status.body.counts.sent).toBe(2);
    expect(status.body.deliveries.map((d: { recipientHint: string }) => d.recipientHint).sort()).toEqual(['a***@example.org', 'b***@example.org']);
    expect(JSON.stringify(status.body)).not.toContain('ana@example.org');
    // Never in the archive's exports.
    for (const path of [`/api/debates/${id}/report`, `/api/debates/${id}/timeline`]) {
      const r = await admin(t, 'GET', path);
      expect(JSON.stringify(r.body)).not.toMatch(/ana@example|ben@example/);
    }
  });

  it('unsubscribes with one POST, deletes the address, and sends changes and cancellation to the others', async () => {
    await subscribeConfirmed(t, smtp, 'dan@example.org', { kind: 'all' });
    await subscribeConfirmed(t, smtp, 'eve@example.org', { kind: 'all' });
    const created = await admin(t, 'POST', '/api/debates', { title: 'Cantine scolaire', modalities: modalities() });
    const id = created.body.debate.id as string;
    await admin(t, 'POST', `/api/debates/${id}/announce`);
    const [ann] = await until('announcement to dan', () => mailsOf(smtp, 'dan@example.org', /Cantine/).length === 1 && mailsOf(smtp, 'dan@example.org', /Cantine/));
    await until('announcement to eve', () => mailsOf(smtp, 'eve@example.org', /Cantine/).length === 1);

    // RFC 8058: a POST to the List-Unsubscribe address with this form body, no cookie, no page.
    // (PUBLIC_URL is not set: links name localhost; the test server listens on 127.0.0.1.)
    const header = /^<([^>]+)>$/.exec(headerOf(ann!, 'List-Unsubscribe')!)![1]!.replace(/^http:\/\/localhost:\d+/, t.baseUrl);
    const res = await fetch(header, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ unsubscribed: true });
    const left = await t.app.database.db.execute(sql`select count(*)::int as n from notify_subscriptions where email = 'dan@example.org'`);
    expect((left as unknown as { rows?: { n: number }[] }).rows?.[0]?.n ?? (left as unknown as { n: number }[])[0]?.n).toBe(0);
    // Again: still fine (idempotent), and the human page works without the API.
    expect((await fetch(header, { method: 'POST', body: 'List-Unsubscribe=One-Click', headers: { 'content-type': 'application/x-www-form-urlencoded' } })).status).toBe(200);

    expect((await admin(t, 'PATCH', `/api/debates/${id}`, { location: 'Gymnase Jean-Moulin' })).status).toBe(200);
    const [changed] = await until('change to eve', () => mailsOf(smtp, 'eve@example.org', /^Modalités modifiées/).length === 1 && mailsOf(smtp, 'eve@example.org', /^Modalités modifiées/));
    expect(changed!.parsed.text).toContain('Gymnase Jean-Moulin');

    expect((await admin(t, 'POST', `/api/debates/${id}/postpone`, { scheduledStart: '2026-12-10T18:30:00+01:00', reason: 'Salle indisponible' })).status).toBe(200);
    const [postponed] = await until('postponement to eve', () => mailsOf(smtp, 'eve@example.org', /^Débat reporté/).length === 1 && mailsOf(smtp, 'eve@example.org', /^Débat reporté/));
    expect(postponed!.parsed.text).toContain('Motif\u00a0: Salle indisponible');
    expect(postponed!.parsed.text).toMatch(/Date initialement prévue\u00a0: jeudi 3 décembre 2026/);

    expect((await admin(t, 'POST', `/api/debates/${id}/cancel`, { reason: 'Projet retiré' })).status).toBe(200);
    const [cancelled] = await until('cancellation to eve', () => mailsOf(smtp, 'eve@example.org', /^Débat annulé/).length === 1 && mailsOf(smtp, 'eve@example.org', /^Débat annulé/));
    expect(cancelled!.parsed.text).toContain('Ce débat n’aura pas lieu.');
    expect(cancelled!.parsed.text).toContain('Motif\u00a0: Projet retiré');
    expect(cancelled!.parsed.attachments[0]?.content.toString()).toContain('STATUS:CANCELLED');
    // Dan left before all of it: only the announcement and the confirmation reached him.
    expect(smtp.to('dan@example.org').map((m) => m.parsed.subject)).toEqual(['Confirmez votre inscription aux débats', 'Débat annoncé\u00a0: Cantine scolaire']);
  });

  it('retries a failing SMTP, then marks the mail failed with why; the organizer sees it', async () => {
    await subscribeConfirmed(t, smtp, 'fay@example.org', { kind: 'all' });
    const created = await admin(t, 'POST', '/api/debates', { title: 'Éclairage public', modalities: modalities() });
    const id = created.body.debate.id as string;
    // One refusal, then success: sent on the second attempt.
    smtp.failNext(1);
    await admin(t, 'POST', `/api/debates/${id}/announce`);
    await until('announcement after a retry', () => mailsOf(smtp, 'fay@example.org', /Éclairage/).length === 1);
    const fay = async (kind: string, status: string) => {
      const s = await admin(t, 'GET', `/api/debates/${id}/notify`);
      return s.body.deliveries.find((d: { recipientHint: string; kind: string; status: string }) => d.recipientHint === 'f***@example.org' && d.kind === kind && d.status === status);
    };
    // One refusal, whichever mail it hit: that one is sent on its second attempt.
    const all = await until('every announcement sent', async () => {
      const b = (await admin(t, 'GET', `/api/debates/${id}/notify`)).body;
      return b.deliveries.length === b.subscribers && b.deliveries.every((d: { status: string }) => d.status === 'sent') && b;
    });
    expect(smtp.refused).toBe(1);
    expect(all.deliveries.map((d: { attempts: number }) => d.attempts).sort()).toEqual([...Array(all.subscribers - 1).fill(1), 2]);
    expect(await fay('announced', 'sent')).toBeTruthy();

    // Down for good: 1 + MAIL_RETRY_LIMIT attempts, then failed, with the server's answer.
    smtp.failAll(true);
    const refusedBefore = smtp.refused;
    await admin(t, 'PATCH', `/api/debates/${id}`, { description: 'Nouveaux horaires' });
    const d = await until('failed state', () => fay('changed', 'failed'), 30_000);
    expect(d.attempts).toBe(3);
    expect(d.error).toMatch(/451/);
    const s = await admin(t, 'GET', `/api/debates/${id}/notify`);
    await until('every recipient failed', async () => (await admin(t, 'GET', `/api/debates/${id}/notify`)).body.counts.failed === s.body.subscribers, 30_000);
    smtp.failAll(false);
    // Three attempts per recipient, no more.
    expect(smtp.refused - refusedBefore).toBe(3 * s.body.subscribers);
  });

  it('says when it starts, with the join link, and when the archive is published', async () => {
    await subscribeConfirmed(t, smtp, 'max@example.org', { kind: 'all' }, 'en');
    const created = await admin(t, 'POST', '/api/debates', { title: 'Parc municipal', modalities: modalities() });
    const id = created.body.debate.id as string;
    for (const step of ['announce', 'start', 'end', 'archive']) expect((await admin(t, 'POST', `/api/debates/${id}/${step}`)).status, step).toBe(200);
    const [starting] = await until('starting', () => mailsOf(smtp, 'max@example.org', /^Starting now: Parc/).length === 1 && mailsOf(smtp, 'max@example.org', /^Starting now: Parc/));
    expect(starting!.parsed.text).toMatch(new RegExp(`Debate link: http://localhost:\\d+/d/${id}`));
    const [archived] = await until('archive', () => mailsOf(smtp, 'max@example.org', /^Archive published: Parc/).length === 1 && mailsOf(smtp, 'max@example.org', /^Archive published: Parc/));
    expect(archived!.parsed.text).toMatch(new RegExp(`Read the archive: http://localhost:\\d+/archive/${id}`));
  });

  it('previews every mail for the organizer', async () => {
    const created = await admin(t, 'POST', '/api/debates', { title: 'Marché couvert', modalities: modalities() });
    const id = created.body.debate.id as string;
    const p = await admin(t, 'GET', `/api/debates/${id}/notify/preview?kind=reminder&lang=fr`);
    expect(p.status).toBe(200);
    expect(p.body.subject).toBe('Rappel\u00a0: Marché couvert');
    expect(p.body.text).toContain('Le débat commence dans 1\u00a0heure.');
    expect(p.body.html).toContain('<h1 style="font-size:1.3em">Marché couvert</h1>');
    const en = await admin(t, 'GET', `/api/debates/${id}/notify/preview?kind=starting&lang=en`);
    expect(en.body.subject).toBe('Starting now: Marché couvert');
    expect((await admin(t, 'GET', `/api/debates/${id}/notify/preview?kind=nope`)).status).toBe(400);
    expect((await http(t, 'GET', `/api/debates/${id}/notify/preview?kind=announced`)).status).toBe(401);
    expect((await http(t, 'GET', `/api/debates/${id}/notify`)).status).toBe(401);
  });

  it('refuses bad input: addresses, header injection, oversized texts, unknown debates', async () => {
    const sub = (body: unknown) => http(t, 'POST', '/api/notify/subscriptions', { body });
    const base = { email: 'gil@example.org', scope: { kind: 'all' } };
    for (const email of ['gil', 'gil@localhost', 'gil@example.org\r\nBcc: x@example.org', 'a b@example.org', `${'g'.repeat(250)}@example.org`, 'gil@example.org, x@example.org']) {
      const r = await sub({ ...base, email });
      expect(r.status, email).toBe(400);
      expect(r.body.error.code).toBe('VALIDATION_FAILED');
    }
    expect((await sub({ ...base, name: 'Gil\r\nBcc: x@example.org' })).status).toBe(400);
    expect((await sub({ ...base, name: 'G'.repeat(81) })).status).toBe(400);
    expect((await sub({ ...base, lang: 'de' })).status).toBe(400);
    expect((await sub({ ...base, scope: { kind: 'tag', tag: 'Not A Slug' } })).status).toBe(400);
    expect((await sub({ ...base, extra: 1 })).status).toBe(400);
    expect((await sub({ ...base, scope: { kind: 'debate', debateId: 'nope' } })).body.error.code).toBe('DEBATE_NOT_FOUND');
    expect((await http(t, 'POST', '/api/notify/subscriptions', { raw: JSON.stringify({ ...base, name: 'x'.repeat(70_000) }) })).status).toBe(413);
    // A title cannot carry a header into a subject: refused at the source.
    const title = await admin(t, 'POST', '/api/debates', { title: 'Budget\r\nBcc: x@example.org', modalities: modalities() });
    expect(title.status).toBe(400);
    // A draft is nobody's to subscribe to.
    const draft = await admin(t, 'POST', '/api/debates', { title: 'Brouillon', modalities: modalities() });
    expect((await sub({ ...base, scope: { kind: 'debate', debateId: draft.body.debate.id } })).body.error.code).toBe('DEBATE_NOT_FOUND');
    expect(smtp.to('gil@example.org')).toEqual([]);
  });
});

describe('e-mail off (no SMTP_URL)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: NOTIFY_ENV });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('says so and sends nothing', async () => {
    expect((await http(t, 'GET', '/api/public/notify')).body).toEqual({ emailEnabled: false });
    const r = await http(t, 'POST', '/api/notify/subscriptions', { body: { email: 'a@example.org', scope: { kind: 'all' } } });
    expect(r.status).toBe(503);
    expect(r.body.error.code).toBe('EMAIL_OFF');
    const created = await admin(t, 'POST', '/api/debates', { title: 'Sans e-mail', modalities: modalities() });
    const id = created.body.debate.id as string;
    await admin(t, 'POST', `/api/debates/${id}/announce`);
    const s = await admin(t, 'GET', `/api/debates/${id}/notify`);
    expect(s.body).toMatchObject({ emailEnabled: false, subscribers: 0, counts: { queued: 0, sent: 0, failed: 0, skipped: 0 } });
    expect(await t.app.jobs.listByDebate(id)).toEqual([]);
  });
});

describe('subscribe rate limit', () => {
  let smtp: TestSmtp;
  let t: TestApp;
  beforeAll(async () => {
    smtp = await startTestSmtp();
    t = await startTestApp({ env: { SMTP_URL: smtp.url, ...NOTIFY_ENV, NOTIFY_SUBSCRIBE_PER_IP: '2' } });
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  it('refuses a third subscription per minute from one address (each sends a mail)', async () => {
    const sub = (n: number) => http(t, 'POST', '/api/notify/subscriptions', { body: { email: `n${n}@example.org`, scope: { kind: 'all' } } });
    expect((await sub(1)).status).toBe(202);
    expect((await sub(2)).status).toBe(202);
    const third = await sub(3);
    expect(third.status).toBe(429);
    expect(third.body.error.code).toBe('RATE_LIMITED');
  });
});
