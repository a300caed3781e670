// Reminders through the durable queue: scheduled at the announcement for start - offset
// (short offsets here), sent once although the server restarts before they are due, and
// once with two nodes polling the same PostgreSQL queue; a cancelled debate's reminder
// comes due and sends nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { createTestDatabaseUrl } from '../helpers/pg.ts';
import { admin, modalities } from '../helpers/clients.ts';
import { startTestSmtp, type TestSmtp } from '../helpers/smtp.ts';
import { until } from '../helpers/until.ts';
import { mailsOf, NOTIFY_ENV, subscribeConfirmed } from '../helpers/notify.ts';

const PG = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
// 1 h is already past for a debate a minute away (not scheduled); 54 s comes due 6 s after.
const REMINDER_ENV = { ...NOTIFY_ENV, NOTIFY_REMINDER_OFFSETS: '1h,54s' };

async function announceSoon(t: TestApp, title: string): Promise<string> {
  const start = new Date(Date.now() + 60_000).toISOString();
  const created = await admin(t, 'POST', '/api/debates', { title, modalities: modalities({ scheduledStart: start }) });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const id = created.body.debate.id as string;
  expect((await admin(t, 'POST', `/api/debates/${id}/announce`)).status).toBe(200);
  return id;
}

/** Every mail job of the debate has run (nothing created, retrying or active is left). */
async function settled(t: TestApp, debateId: string, atLeast: number) {
  return until(
    'mail jobs settled',
    async () => {
      const jobs = await t.app.jobs.listByDebate(debateId);
      return jobs.length >= atLeast && jobs.every((j) => j.state === 'completed') && jobs;
    },
    60_000,
  );
}

describe('reminders across a restart', () => {
  let smtp: TestSmtp;
  let t: TestApp;
  beforeAll(async () => {
    smtp = await startTestSmtp();
    t = await startTestApp({ env: { SMTP_URL: smtp.url, ...REMINDER_ENV } });
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  it('sends a reminder once, after the server restarted before it was due', async () => {
    await subscribeConfirmed(t, smtp, 'hugo@example.org', { kind: 'all' });
    const id = await announceSoon(t, 'Conseil de quartier');
    await until('announcement', () => mailsOf(smtp, 'hugo@example.org', /^Débat annoncé/).length === 1);
    const scheduled = (await t.app.jobs.listByDebate(id)).filter((j) => j.name === 'mail-fanout' && j.data.kind === 'reminder');
    expect(scheduled.map((j) => j.data.offsetMs)).toEqual([54_000]);
    expect(scheduled[0]!.state).toBe('created');
    t = await t.restart();
    const [reminder] = await until('reminder', () => mailsOf(smtp, 'hugo@example.org', /^Rappel/).length >= 1 && mailsOf(smtp, 'hugo@example.org', /^Rappel/), 60_000);
    expect(reminder!.parsed.subject).toBe('Rappel\u00a0: Conseil de quartier');
    expect(reminder!.parsed.text).toContain('Le débat commence dans 1\u00a0minute.');
    await settled(t, id, 4);
    expect(mailsOf(smtp, 'hugo@example.org', /^Rappel/)).toHaveLength(1);
  });

  it('sends no reminder for a cancelled debate', async () => {
    await subscribeConfirmed(t, smtp, 'iris@example.org', { kind: 'all' });
    const id = await announceSoon(t, 'Fête de la musique');
    await until('announcement', () => mailsOf(smtp, 'iris@example.org', /^Débat annoncé\u00a0: Fête/).length === 1);
    expect((await t.app.jobs.listByDebate(id)).filter((j) => j.data.kind === 'reminder').map((j) => j.state)).toEqual(['created']);
    expect((await admin(t, 'POST', `/api/debates/${id}/cancel`)).status).toBe(200);
    await until('cancellation', () => mailsOf(smtp, 'iris@example.org', /^Débat annulé\u00a0: Fête/).length === 1);
    // The reminder job comes due and completes: it found the debate cancelled.
    const jobs = await settled(t, id, 5);
    expect(jobs.some((j) => j.name === 'mail-fanout' && j.data.kind === 'reminder')).toBe(true);
    expect(mailsOf(smtp, 'iris@example.org', /^Rappel\u00a0: Fête/)).toHaveLength(0);
  });
});

describe('reminders with two nodes on one PostgreSQL queue', () => {
  let smtp: TestSmtp;
  let a: TestApp;
  let b: TestApp;
  let db: { url: string; drop(): Promise<void> };
  beforeAll(async () => {
    smtp = await startTestSmtp();
    db = await createTestDatabaseUrl(PG);
    const env = { SMTP_URL: smtp.url, ...REMINDER_ENV, DATABASE_URL: db.url, REDIS_URL: REDIS, REDIS_PREFIX: `nr${randomBytes(4).toString('hex')}` };
    a = await startTestApp({ env });
    b = await startTestApp({ env });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await db?.drop();
    await smtp?.close();
  });

  it('sends each mail once whichever node polls', async () => {
    for (const who of ['ines', 'jules', 'karim', 'lea']) await subscribeConfirmed(who < 'k' ? a : b, smtp, `${who}@example.org`, { kind: 'all' });
    const id = await announceSoon(a, 'Budget 2027');
    for (const who of ['ines', 'jules', 'karim', 'lea']) {
      await until(`reminder to ${who}`, () => mailsOf(smtp, `${who}@example.org`, /^Rappel/).length >= 1, 60_000);
    }
    await settled(b, id, 2 + 4 * 2);
    for (const who of ['ines', 'jules', 'karim', 'lea']) {
      expect(mailsOf(smtp, `${who}@example.org`, /^Débat annoncé/)).toHaveLength(1);
      expect(mailsOf(smtp, `${who}@example.org`, /^Rappel/)).toHaveLength(1);
    }
  });
});
