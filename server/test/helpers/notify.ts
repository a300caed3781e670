// What the notification tests share: fast queue and retry settings, reading links and
// headers out of received mails, and a subscription confirmed through its mail.
import { expect } from 'vitest';
import type { TestApp } from './app.ts';
import { http } from './clients.ts';
import type { ReceivedMail, TestSmtp } from './smtp.ts';
import { until } from './until.ts';

export const NOTIFY_ENV = { JOBS_POLL_SECONDS: '0.5', MAIL_RETRY_DELAY_SECONDS: '1', MAIL_RETRY_LIMIT: '2', NOTIFY_SUBSCRIBE_PER_IP: '1000' };

export function tokenIn(mail: ReceivedMail, action: 'confirm' | 'unsubscribe'): string {
  const m = new RegExp(`/notify/${action}/([A-Za-z0-9_.-]+)`).exec(mail.parsed.text ?? '');
  if (!m) throw new Error(`no ${action} link in ${mail.parsed.text}`);
  return m[1]!;
}

export async function subscribeConfirmed(t: TestApp, smtp: TestSmtp, email: string, scope: unknown, lang: 'fr' | 'en' = 'fr'): Promise<void> {
  const before = smtp.to(email).length;
  const r = await http(t, 'POST', '/api/notify/subscriptions', { body: { email, lang, scope } });
  expect(r.status, JSON.stringify(r.body)).toBe(202);
  const mail = await until(`confirmation to ${email}`, () => smtp.to(email)[before]);
  const c = await http(t, 'POST', `/api/notify/confirm/${tokenIn(mail, 'confirm')}`);
  expect(c.status, JSON.stringify(c.body)).toBe(200);
}

/** Header lines unfolded (RFC 5322 folding), to read one header in the raw message. */
export const headerOf = (mail: ReceivedMail, name: string): string | null =>
  new RegExp(`^${name}: (.*)$`, 'mi').exec(mail.raw.split(/\r?\n\r?\n/)[0]!.replace(/\r?\n[ \t]+/g, ' '))?.[1] ?? null;

export const mailsOf = (smtp: TestSmtp, email: string, subject: RegExp) => smtp.to(email).filter((m) => subject.test(m.parsed.subject ?? ''));

