// The mailer against a real SMTP server: what arrives (text, HTML, RFC 8058 headers,
// attachment), what is refused before any byte leaves (header injection, bad addresses),
// and "e-mail is off" without SMTP_URL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailer, isMailAddress, MailOffError, MailRefusedError, type Mailer } from '../../src/notify/mailer.ts';
import { startTestSmtp, type TestSmtp } from '../helpers/smtp.ts';
import { until } from '../helpers/until.ts';

describe('mailer', () => {
  let smtp: TestSmtp;
  let mailer: Mailer;
  beforeAll(async () => {
    smtp = await startTestSmtp();
    mailer = createMailer({ smtpUrl: smtp.url, from: 'Mairie <debats@mairie.test>', ratePerSecond: 50, maxConnections: 2 });
  });
  afterAll(async () => {
    mailer?.close();
    await smtp?.close();
  });

  it('delivers text, HTML, the one-click unsubscribe headers and an attachment', async () => {
    const r = await mailer.send({
      to: 'alice@example.org',
      subject: 'Débat « Budget » : rappel',
      text: 'Bonjour',
      html: '<p>Bonjour</p>',
      unsubscribeUrl: 'https://tribune.test/api/notify/unsubscribe/abc',
      attachments: [{ filename: 'debat.ics', content: 'BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n', contentType: 'text/calendar' }],
    });
    expect(r.accepted).toEqual(['alice@example.org']);
    const [mail] = await until('mail received', () => smtp.to('alice@example.org').length === 1 && smtp.to('alice@example.org'));
    const p = mail!.parsed;
    expect(p.subject).toBe('Débat « Budget » : rappel');
    expect(p.text?.trim()).toBe('Bonjour');
    expect(p.html).toContain('<p>Bonjour</p>');
    expect(p.from?.value).toEqual([{ name: 'Mairie', address: 'debats@mairie.test' }]);
    expect(mail!.raw).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$/m);
    expect(mail!.raw).toMatch(/^List-Unsubscribe: <https:\/\/tribune\.test\/api\/notify\/unsubscribe\/abc>/m);
    expect(p.attachments.map((a) => [a.filename, a.contentType])).toEqual([['debat.ics', 'text/calendar']]);
  });

  it('refuses header injection and invalid addresses before sending', async () => {
    const base = { text: 't', html: '<p>t</p>' };
    await expect(mailer.send({ ...base, to: 'a@example.org', subject: 'Hi\r\nBcc: victim@example.org' })).rejects.toBeInstanceOf(MailRefusedError);
    await expect(mailer.send({ ...base, to: 'a@example.org\r\nBcc: v@example.org', subject: 'x' })).rejects.toBeInstanceOf(MailRefusedError);
    await expect(mailer.send({ ...base, to: 'a@example.org', subject: 'x', headers: { 'X-A': 'v\nBcc: v@example.org' } })).rejects.toBeInstanceOf(MailRefusedError);
    await expect(mailer.send({ ...base, to: 'a@example.org', subject: 'x', unsubscribeUrl: 'javascript:alert(1)' })).rejects.toBeInstanceOf(MailRefusedError);
    expect(() => createMailer({ smtpUrl: smtp.url, from: 'X\r\nBcc: v@example.org', ratePerSecond: 1, maxConnections: 1 })).toThrow(MailRefusedError);
    for (const bad of ['', 'plain', 'a@b', 'a b@example.org', '<a@example.org>', 'a@example.org, b@example.org', `${'x'.repeat(65)}@example.org`]) {
      expect(isMailAddress(bad), bad).toBe(false);
    }
    expect(isMailAddress('élise.d+debats@mairie-villeneuve.fr')).toBe(true);
    expect(smtp.mails.filter((m) => m.envelopeTo.some((t) => t.includes('v@example.org')))).toEqual([]);
  });

  it('is off without SMTP_URL: enabled false, send throws', async () => {
    const off = createMailer({ smtpUrl: null, from: 'Tribune <no-reply@localhost>', ratePerSecond: 1, maxConnections: 1 });
    expect(off.enabled).toBe(false);
    await expect(off.send({ to: 'a@example.org', subject: 's', text: 't', html: 'h' })).rejects.toBeInstanceOf(MailOffError);
  });
});
