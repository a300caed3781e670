// The debate requests and webhooks pages in Chromium (issue 11, items 4 and 6), under the
// server's real CSP, with a real SMTP receiver: a citizen proposes on /requests, opens
// the mailed link and confirms with one click, another supports; the organizer sees the
// request with its two supports in /admin and accepts it (the draft appears among the
// debates); registers a webhook (the secret shown once) and sends a test that the
// receiver gets and the delivery log shows. axe finds no serious violation on either page.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { launchBrowser } from '../helpers/browser.ts';
import { startTestSmtp, type TestSmtp } from '../helpers/smtp.ts';
import { until } from '../helpers/until.ts';
import { axeViolations, describeViolations } from './helpers/axe.ts';
import { clientDir, newPage, saveFailureArtifacts, signInOrganizer, type E2ePage } from './helpers/pages.ts';

describe('debate requests and webhooks in the browser', () => {
  let t: TestApp;
  let smtp: TestSmtp;
  let browser: Browser;
  let hookServer: Server;
  let hookUrl: string;
  const hookHits: string[] = [];
  const opened: E2ePage[] = [];

  beforeAll(async () => {
    smtp = await startTestSmtp();
    hookServer = createServer((req, res) => {
      hookHits.push(String(req.headers['webhook-id']));
      req.resume();
      req.on('end', () => res.writeHead(200).end());
    });
    await new Promise<void>((r) => hookServer.listen(0, '127.0.0.1', r));
    hookUrl = `http://127.0.0.1:${(hookServer.address() as AddressInfo).port}/hook`;
    t = await startTestApp({
      env: { CLIENT_DIR: clientDir(), MEDIA_ENABLED: 'false', SMTP_URL: smtp.url, JOBS_POLL_SECONDS: '0.5', WEBHOOK_ALLOW_PRIVATE: 'true' },
    });
    browser = await launchBrowser();
  }, 60_000);
  beforeEach((ctx) => ctx.onTestFailed(() => saveFailureArtifacts(ctx.task.name, opened)));
  afterAll(async () => {
    for (const p of opened) await p.context.close();
    await browser?.close();
    await t?.close();
    await smtp?.close();
    hookServer?.close();
  }, 60_000);

  const open = async () => {
    const p = await newPage(browser, { expectedErrors: [/401/] });
    opened.push(p);
    return p;
  };
  const linkIn = async (to: string) => {
    const [mail] = await until(`mail to ${to}`, () => smtp.to(to).length > 0 && smtp.to(to));
    return /https?:\/\/\S+#confirm=[A-Za-z0-9_-]+/.exec(mail!.parsed.text ?? '')![0];
  };

  it('propose, confirm by the mailed link, support, then accept in /admin', async () => {
    const citizen = await open();
    const page = citizen.page;
    await page.goto(`${t.baseUrl}/`);
    await page.getByRole('link', { name: 'Demander un débat' }).click();
    await page.getByRole('heading', { name: 'Demander un débat', level: 1 }).waitFor();
    await page.getByLabel('Sujet').fill('Des jardins partagés au parc');
    await page.getByLabel('Pourquoi ce débat ?').fill('Beaucoup d’habitants n’ont pas de jardin.');
    await page.getByLabel('Format proposé').selectOption('in_room');
    await page.getByLabel('Votre nom, affiché avec la demande (facultatif)').fill('Inès');
    await page.getByLabel('Votre adresse électronique (jamais publiée)').fill('ines@example.org');
    await page.getByRole('button', { name: 'Envoyer la proposition' }).click();
    await page.getByText('Un message vient de vous être envoyé').waitFor();

    // The mailed link (its host is the public address) opened in the browser, on this server.
    const link = new URL(await linkIn('ines@example.org'));
    await page.goto(`${t.baseUrl}${link.pathname}${link.hash}`);
    await page.getByRole('button', { name: 'Confirmer' }).click();
    await page.getByText('Votre proposition «\u00a0Des jardins partagés au parc\u00a0» est publiée.').waitFor();
    const item = page.locator('li', { hasText: 'Des jardins partagés au parc' });
    await item.getByText('1 soutien').waitFor();

    await item.getByLabel('Votre adresse électronique pour soutenir «\u00a0Des jardins partagés au parc\u00a0»').fill('jo@example.org');
    await item.getByRole('button', { name: 'Soutenir' }).click();
    await page.getByText('Ouvrez le lien du message reçu').waitFor();
    const support = new URL(await linkIn('jo@example.org'));
    await page.goto(`${t.baseUrl}${support.pathname}${support.hash}`);
    await page.getByRole('button', { name: 'Confirmer' }).click();
    await page.getByText('Votre soutien à «\u00a0Des jardins partagés au parc\u00a0» est compté.').waitFor();
    await page.locator('li', { hasText: 'Des jardins partagés au parc' }).getByText('2 soutiens').waitFor();
    const violations = await axeViolations(page);
    expect(violations, describeViolations(violations)).toEqual([]);
    expect(citizen.problems).toEqual([]);

    const organizer = await open();
    await signInOrganizer(organizer.page, t.baseUrl);
    const panel = organizer.page.getByRole('region', { name: /Demandes de débat des citoyens/ });
    const request = panel.locator('li', { hasText: 'Des jardins partagés au parc' });
    await request.getByText('2 soutiens').waitFor();
    await request.getByRole('button', { name: 'Accepter : créer un brouillon' }).click();
    await organizer.page.getByRole('status').getByText('acceptée').waitFor();
    await organizer.page.getByRole('article', { name: 'Des jardins partagés au parc' }).waitFor();
    await request.getByText('Acceptée').waitFor();
    const adminViolations = await axeViolations(organizer.page);
    expect(adminViolations, describeViolations(adminViolations)).toEqual([]);
  });

  it('registers a webhook, shows its secret once, sends a test seen in the log', async () => {
    const organizer = await open();
    await signInOrganizer(organizer.page, t.baseUrl);
    const page = organizer.page;
    const panel = page.getByRole('region', { name: 'Webhooks' });
    await panel.getByLabel('Adresse (http ou https)').fill(hookUrl);
    await panel.getByLabel('Description (facultatif)').fill('Site de la ville');
    await panel.getByLabel('archive publiée').check();
    await panel.getByRole('button', { name: 'Ajouter le webhook' }).click();
    await panel.getByText(/^whsec_/).waitFor();
    const hook = panel.locator('li', { hasText: 'Site de la ville' });
    await hook.getByRole('button', { name: 'Envoyer un test' }).click();
    await until('test received', () => hookHits.length === 1);
    await until('log shows it delivered', async () => {
      await hook.getByRole('button', { name: 'Journal des envois' }).click();
      return (await hook.getByText(/test · remis · 1 tentative/).count()) === 1;
    });
    expect(organizer.problems).toEqual([]);
  });
});
