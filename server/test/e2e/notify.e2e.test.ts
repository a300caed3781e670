// Subscribing from the pages, in Chromium against the real app and a real SMTP server:
// the home page's "S’inscrire au débat" button opens the form for that debate, the mail's
// confirmation link opens a page whose button confirms (a GET alone confirms nothing),
// and a debate's own page has the form too.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app.ts';
import { launchBrowser } from '../helpers/browser.ts';
import { admin, liveDebate } from '../helpers/clients.ts';
import { NOTIFY_ENV, tokenIn } from '../helpers/notify.ts';
import { http } from '../helpers/clients.ts';
import { startTestSmtp, type TestSmtp } from '../helpers/smtp.ts';
import { newPage, saveFailureArtifacts, signInOrganizer, startE2eApp, type E2ePage } from './helpers/pages.ts';
import { until } from '../helpers/until.ts';
import { subscribeConfirmed } from '../helpers/notify.ts';

describe('subscribing from the pages', () => {
  let t: TestApp;
  let smtp: TestSmtp;
  let browser: Browser;
  const opened: E2ePage[] = [];

  beforeAll(async () => {
    smtp = await startTestSmtp();
    t = await startE2eApp(49_300, { SMTP_URL: smtp.url, ...NOTIFY_ENV });
    browser = await launchBrowser();
  }, 120_000);
  beforeEach((ctx) => ctx.onTestFailed(() => saveFailureArtifacts(ctx.task.name, opened)));
  afterAll(async () => {
    for (const p of opened) await p.context.close();
    await browser?.close();
    await t?.close();
    await smtp?.close();
  }, 60_000);

  const open = async (path: string) => {
    const p = await newPage(browser);
    opened.push(p);
    await p.page.goto(`${t.baseUrl}${path}`);
    return p;
  };

  it('subscribes to a debate from the home page and confirms from the mail', async () => {
    const { debateId } = await liveDebate(t, { title: 'Jardins partagés', start: false });
    const { page, problems } = await open('/');
    await page.getByRole('button', { name: 'S’inscrire au débat : Jardins partagés' }).click();
    await page.locator(`#subscribe-${debateId}-email`).fill('nina@example.org');
    await page.getByRole('button', { name: 'S’inscrire au débat', exact: true }).click();
    await page.getByText(/Presque fini.*nina@example\.org/).waitFor();
    const mail = await until('confirmation mail', () => smtp.to('nina@example.org')[0]);
    expect(mail.parsed.text).toContain('le débat « Jardins partagés »');

    // The link opens a page; only its button confirms.
    const token = tokenIn(mail, 'confirm');
    const confirmPage = await open(`/notify/confirm/${token}`);
    const before = await admin(t, 'GET', `/api/debates/${debateId}/notify`);
    expect(before.body.subscribers).toBe(0);
    await confirmPage.page.getByRole('button', { name: 'Confirmer' }).click();
    await confirmPage.page.getByText('C’est confirmé').waitFor();
    const after = await admin(t, 'GET', `/api/debates/${debateId}/notify`);
    expect(after.body.subscribers).toBe(1);
    expect(problems).toEqual([]);
  });

  it('offers the form on an upcoming debate’s page, and for every debate on the home page', async () => {
    const { debateId } = await liveDebate(t, { title: 'Piscine municipale', start: false });
    const { page } = await open(`/d/${debateId}`);
    await page.locator('#subscribe-debate-email').fill('omar@example.org');
    await page.locator('#subscribe-debate-lang').selectOption('en');
    await page.getByRole('button', { name: 'S’inscrire au débat' }).click();
    await page.getByText(/Presque fini/).waitFor();
    const mail = await until('confirmation mail', () => smtp.to('omar@example.org')[0]);
    expect(mail.parsed.subject).toBe('Confirm your subscription to debates');

    const home = await open('/');
    await home.page.locator('#subscribe-all-email').fill('not-an-address');
    await home.page.getByRole('button', { name: 'M’inscrire à tous les débats' }).click();
    await home.page.getByText('Cette adresse électronique n’est pas valable.').waitFor();
  });

  it('shows the organizer the delivery state and a preview', async () => {
    await subscribeConfirmed(t, smtp, 'paul@example.org', { kind: 'all' });
    const { debateId } = await liveDebate(t, { title: 'Marché de Noël', start: false });
    await until('announcement sent', async () => (await admin(t, 'GET', `/api/debates/${debateId}/notify`)).body.counts.sent === 1);
    const p = await newPage(browser);
    opened.push(p);
    await signInOrganizer(p.page, t.baseUrl);
    const card = p.page.getByRole('article', { name: 'Marché de Noël' });
    await card.getByText('Notifications par e-mail').click();
    await card.getByText(/Envoyés\u00a0: 1/).waitFor();
    await card.getByRole('cell', { name: 'p***@example.org' }).waitFor();
    await card.getByLabel('Aperçu', { exact: true }).selectOption('reminder');
    await card.getByRole('button', { name: 'Voir l’aperçu' }).click();
    await card.getByText('Rappel\u00a0: Marché de Noël').waitFor();
    expect(p.problems).toEqual([]);
    expect((await http(t, 'GET', '/api/public/notify')).body.emailEnabled).toBe(true);
  });
});
