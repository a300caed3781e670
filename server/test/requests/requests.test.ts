// Debate requests end to end (issue 11, item 6) over the real server, its job queue and a
// real SMTP receiver: a citizen proposes (published only once the mailed link is
// confirmed), others support (one per address, counted once confirmed), the organizer
// accepts (a draft debate prefilled from the request, supporters told) or declines (the
// answer public and mailed); bad input refused; "e-mail is off" said, not pretended.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/clock.ts';
import { debateRequestSupports, notifySubscriptions } from '../../src/db/schema.ts';
import { UNCONFIRMED_TTL_MS } from '../../src/requests/requests-service.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { admin, http } from '../helpers/clients.ts';
import { startTestSmtp, type TestSmtp } from '../helpers/smtp.ts';
import { until } from '../helpers/until.ts';

/** The token of the last confirmation link mailed to `to` (text part). */
async function confirmToken(smtp: TestSmtp, to: string, count = 1): Promise<string> {
  const mails = await until(`${count} mail(s) to ${to}`, () => smtp.to(to).length >= count && smtp.to(to));
  const m = /#confirm=([A-Za-z0-9_-]+)/.exec(mails[count - 1]!.parsed.text ?? '');
  expect(m, 'confirmation link in the mail').not.toBeNull();
  return m![1]!;
}

describe('debate requests from citizens', () => {
  let t: TestApp;
  let smtp: TestSmtp;

  beforeAll(async () => {
    smtp = await startTestSmtp();
    t = await startTestApp({ env: { SMTP_URL: smtp.url, MAIL_FROM: 'Mairie <debats@mairie.test>', JOBS_POLL_SECONDS: '0.5', MEDIA_ENABLED: 'false' } });
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  const propose = (over: Record<string, unknown> = {}) =>
    http(t, 'POST', '/api/debate-requests', {
      body: { topic: 'Un marché bio le dimanche', why: 'Les producteurs locaux n’ont pas de place le samedi.', proposedFormat: 'in_room', proposerName: 'Lou', email: 'Lou@Example.org', ...over },
    });

  it('propose → confirm → support (once per address) → accept → draft, with real mails', async () => {
    const res = await propose();
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    const id = res.body.requestId as string;
    // Not public before its proposer confirms.
    expect((await http(t, 'GET', `/api/debate-requests/${id}`)).status).toBe(404);
    expect((await http(t, 'GET', '/api/debate-requests')).body.requests).toEqual([]);

    const token = await confirmToken(smtp, 'lou@example.org');
    const mail = smtp.to('lou@example.org')[0]!.parsed;
    expect(mail.subject).toBe('Confirmez votre proposition de débat\u00a0: Un marché bio le dimanche');
    expect(mail.html).toContain(`/requests#confirm=${token}`);
    const confirmed = await http(t, 'POST', '/api/debate-requests/confirm', { body: { token } });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toMatchObject({ proposer: true, request: { id, status: 'open', supportCount: 1, proposerName: 'Lou' } });
    expect(JSON.stringify((await http(t, 'GET', '/api/debate-requests')).body)).not.toContain('example.org');

    // Two supporters; one of them twice (counted once), one never confirms.
    for (const email of ['ana@example.org', 'ANA@example.org', 'bob@example.org', 'ghost@example.org']) {
      const s = await http(t, 'POST', `/api/debate-requests/${id}/supports`, { body: { email, lang: email === 'bob@example.org' ? 'en' : 'fr' } });
      expect(s.status).toBe(202);
    }
    const ana = await confirmToken(smtp, 'ana@example.org');
    const bob = await confirmToken(smtp, 'bob@example.org');
    await confirmToken(smtp, 'ghost@example.org');
    expect(smtp.to('ana@example.org')).toHaveLength(1); // the second support of one address mails nothing more within the hour
    expect(smtp.to('bob@example.org')[0]!.parsed.subject).toBe('Confirm your support: Un marché bio le dimanche');
    for (const tok of [ana, bob, ana]) expect((await http(t, 'POST', '/api/debate-requests/confirm', { body: { token: tok } })).status).toBe(200);
    expect((await http(t, 'GET', `/api/debate-requests/${id}`)).body.request.supportCount).toBe(3);

    // Only the organizer accepts.
    expect((await http(t, 'POST', `/api/debate-requests/${id}/accept`)).status).toBe(401);
    const accepted = await admin(t, 'POST', `/api/debate-requests/${id}/accept`, { scheduledStart: '2037-03-14T18:30:00+01:00' });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    expect(accepted.body.request).toMatchObject({ status: 'accepted', supportCount: 3 });
    const debateId = accepted.body.request.debateId as string;
    const draft = await admin(t, 'GET', `/api/debates/${debateId}`);
    expect(draft.body.debate).toMatchObject({ status: 'draft', title: 'Un marché bio le dimanche' });
    expect(draft.body.debate.description).toContain('Les producteurs locaux');
    expect(draft.body.debate.description).toContain('3 soutiens');
    expect(draft.body.debate.modalities).toMatchObject({ format: 'in_room', scheduledStart: '2037-03-14T18:30:00+01:00' });
    // A draft stays private.
    expect((await http(t, 'GET', `/api/debates/${debateId}`)).status).toBe(404);

    // The three confirmed supporters are told; the unconfirmed address is not.
    for (const to of ['lou@example.org', 'ana@example.org', 'bob@example.org']) {
      await until(`acceptance mail to ${to}`, () => smtp.to(to).some((m) => /accept/i.test(m.parsed.subject ?? '')));
    }
    expect(smtp.to('ghost@example.org')).toHaveLength(1);
    // The confirmed supporters now follow the debate: its announcement reaches them.
    const subscribed = await t.app.database.db.select().from(notifySubscriptions).where(eq(notifySubscriptions.scopeValue, debateId));
    expect(subscribed.map((x) => x.email).sort()).toEqual(['ana@example.org', 'bob@example.org', 'lou@example.org']);
    expect(subscribed.every((x) => x.confirmedAt !== null)).toBe(true);
    const before = smtp.to('ana@example.org').length;
    expect((await admin(t, 'POST', `/api/debates/${debateId}/announce`)).status).toBe(200);
    const [announced] = await until('announcement to a supporter', () => smtp.to('ana@example.org').length > before && smtp.to('ana@example.org').slice(before));
    expect(announced!.parsed.subject).toContain('Un marché bio le dimanche');
    expect(smtp.to('ghost@example.org')).toHaveLength(1);
    // Accepting twice makes no second draft.
    expect((await admin(t, 'POST', `/api/debate-requests/${id}/accept`)).status).toBe(409);
    expect((await http(t, 'POST', `/api/debate-requests/${id}/supports`, { body: { email: 'late@example.org' } })).status).toBe(409);
  });

  it('declines with a public answer mailed to the supporters', async () => {
    const res = await propose({ topic: 'Fermer la rue des écoles', email: 'cam@example.org', proposerName: undefined, lang: 'fr' });
    const id = res.body.requestId as string;
    await http(t, 'POST', '/api/debate-requests/confirm', { body: { token: await confirmToken(smtp, 'cam@example.org') } });
    const answer = 'Un débat sur la circulation aux abords des écoles a eu lieu en octobre : voir son archive.';
    const declined = await admin(t, 'POST', `/api/debate-requests/${id}/decline`, { answer });
    expect(declined.status).toBe(200);
    expect(declined.body.request).toMatchObject({ status: 'declined', answer, proposerName: null });
    const listed = (await http(t, 'GET', '/api/debate-requests?status=declined')).body.requests;
    expect(listed.map((r: any) => [r.id, r.answer])).toEqual([[id, answer]]);
    const [mail] = await until('answer mailed', () => {
      const m = smtp.to('cam@example.org').filter((x) => /Réponse/.test(x.parsed.subject ?? ''));
      return m.length > 0 && m;
    });
    expect(mail!.parsed.text).toContain(answer);
    expect(mail!.parsed.html).toContain('Un débat sur la circulation');
    expect((await admin(t, 'POST', `/api/debate-requests/${id}/accept`)).status).toBe(409);
  });

  it('refuses bad input: addresses, header injection, oversized texts, unknown tokens', async () => {
    const refused = async (over: Record<string, unknown>) => {
      const r = await propose(over);
      expect(r.status, JSON.stringify(over)).toBe(400);
      expect(r.body.error.code).toBe('VALIDATION_FAILED');
    };
    await refused({ email: 'not-an-address' });
    await refused({ email: 'a@b.example\r\nBcc: victim@example.org' });
    await refused({ email: '"x"@example.org' });
    await refused({ topic: 'Marché\r\nBcc: victim@example.org' });
    await refused({ proposerName: 'Lou\nBcc: x@example.org' });
    await refused({ topic: 'x'.repeat(201) });
    await refused({ why: 'y'.repeat(3001) });
    await refused({ proposedFormat: 'zoom' });
    await refused({ extra: true });
    const unknown = await http(t, 'POST', '/api/debate-requests/confirm', { body: { token: 'A'.repeat(32) } });
    expect(unknown.status).toBe(404);
    expect((await http(t, 'POST', '/api/debate-requests/confirm', { body: { token: '../../etc' } })).status).toBe(400);
    expect((await http(t, 'POST', '/api/debate-requests/nope/supports', { body: { email: 'a@example.org' } })).status).toBe(404);
    expect((await admin(t, 'POST', '/api/debate-requests/nope/decline', { answer: 'Non, merci.' })).status).toBe(404);
    expect((await admin(t, 'POST', '/api/debate-requests/nope/decline', { answer: 'z'.repeat(2001) })).status).toBe(400);
  });

  it('says e-mail is off instead of pretending to send', async () => {
    const off = await startTestApp({ env: { MEDIA_ENABLED: 'false' } });
    try {
      const r = await http(off, 'POST', '/api/debate-requests', {
        body: { topic: 'Un marché bio le dimanche', why: 'Parce que les producteurs le demandent.', proposedFormat: 'hybrid', email: 'lou@example.org' },
      });
      expect(r.status).toBe(503);
      expect(r.body.error.code).toBe('EMAIL_OFF');
    } finally {
      await off.close();
    }
  });
});

describe('what nobody confirmed is not kept', () => {
  it('deletes unconfirmed proposals and supports after a week, keeps confirmed ones', async () => {
    const smtp = await startTestSmtp();
    const clock = new FakeClock(Date.now());
    const t = await startTestApp({ clock, env: { SMTP_URL: smtp.url, JOBS_POLL_SECONDS: '0.5', MEDIA_ENABLED: 'false' } });
    try {
      const body = (topic: string, email: string) => ({ body: { topic, why: 'Parce que la question se pose.', proposedFormat: 'online', email } });
      const open = (await http(t, 'POST', '/api/debate-requests', body('Éclairage public la nuit', 'eve@example.org'))).body.requestId as string;
      await http(t, 'POST', '/api/debate-requests/confirm', { body: { token: await confirmToken(smtp, 'eve@example.org') } });
      await http(t, 'POST', `/api/debate-requests/${open}/supports`, { body: { email: 'sam@example.org' } });
      const unconfirmedSupport = await confirmToken(smtp, 'sam@example.org');
      await http(t, 'POST', '/api/debate-requests', body('Une proposition jamais confirmée', 'max@example.org'));
      const unconfirmedProposal = await confirmToken(smtp, 'max@example.org');

      clock.advance(UNCONFIRMED_TTL_MS + 60_000);
      for (const token of [unconfirmedSupport, unconfirmedProposal]) {
        expect((await http(t, 'POST', '/api/debate-requests/confirm', { body: { token } })).status).toBe(404);
      }
      const rows = await t.app.database.db.select().from(debateRequestSupports);
      expect(rows.map((r) => r.email)).toEqual(['eve@example.org']);
      expect((await http(t, 'GET', `/api/debate-requests/${open}`)).body.request).toMatchObject({ status: 'open', supportCount: 1 });
      expect((await http(t, 'GET', '/api/debate-requests')).body.requests.map((r: any) => r.id)).toEqual([open]);
    } finally {
      await t.close();
      await smtp.close();
    }
  });
});
