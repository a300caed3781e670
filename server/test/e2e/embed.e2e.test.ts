// The /embed block in Chromium inside an <iframe> of another origin (issue 11, item 5):
// a page of an origin listed in EMBED_ALLOWED_ORIGINS shows it (the debates and their
// join links, no CSP violation), a page of any other origin is refused by the browser
// (frame-ancestors), and so is a framed ordinary Tribune page (frame-ancestors 'none').
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, ConsoleMessage, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { launchBrowser, openPage } from '../helpers/browser.ts';
import { admin, modalities } from '../helpers/clients.ts';

/** A stand-in for the town's website: one page holding an iframe of `src`. */
async function townSite(): Promise<{ server: Server; origin: string; setFrame(src: string): void }> {
  let frameSrc = 'about:blank';
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html lang="fr"><title>Ville</title><h1>Site de la ville</h1><iframe title="Débats" src="${frameSrc}" width="600" height="400"></iframe>`);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { server, origin, setFrame: (src) => (frameSrc = src) };
}

/** Resolves with the first console message matching `re` (the browser's CSP refusal). */
const consoleMatch = (page: Page, re: RegExp): Promise<ConsoleMessage> =>
  page.waitForEvent('console', { predicate: (m) => re.test(m.text()), timeout: 15_000 });

describe('the embed block framed by the town website', () => {
  let t: TestApp;
  let browser: Browser;
  let allowed: Awaited<ReturnType<typeof townSite>>;
  let other: Awaited<ReturnType<typeof townSite>>;
  let debateId: string;

  beforeAll(async () => {
    allowed = await townSite();
    other = await townSite();
    t = await startTestApp({ env: { MEDIA_ENABLED: 'false', EMBED_ALLOWED_ORIGINS: allowed.origin } });
    const res = await admin(t, 'POST', '/api/debates', { title: 'Plan vélo 2037', modalities: modalities({ scheduledStart: '2036-05-12T18:00:00+02:00', tags: ['mobilite'] }) });
    debateId = res.body.debate.id;
    expect((await admin(t, 'POST', `/api/debates/${debateId}/announce`)).status).toBe(200);
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    allowed?.server.close();
    other?.server.close();
  });

  it('shows the upcoming debates inside an iframe of an allowed origin', async () => {
    allowed.setFrame(`${t.baseUrl}/embed?tag=mobilite`);
    const { context, page } = await openPage(browser);
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    await page.goto(`${allowed.origin}/`);
    const frame = page.frameLocator('iframe[title="Débats"]');
    await frame.getByRole('heading', { name: 'Débats publics · mobilite', level: 1 }).waitFor();
    const join = frame.getByRole('link', { name: 'Plan vélo 2037', exact: true });
    await join.waitFor();
    expect(await join.getAttribute('href')).toBe(`http://localhost:${t.port}/d/${debateId}`);
    expect(await join.getAttribute('target')).toBe('_blank');
    await frame.getByText('lundi 12 mai 2036 à 18:00').waitFor();
    expect(violations).toEqual([]);
    await context.close();
  });

  it('is refused inside an iframe of any other origin', async () => {
    other.setFrame(`${t.baseUrl}/embed`);
    const { context, page } = await openPage(browser);
    const refused = consoleMatch(page, /frame-ancestors http:\/\/127\.0\.0\.1/);
    await page.goto(`${other.origin}/`);
    expect((await refused).text()).toContain(`'${t.baseUrl}/'`);
    const frame = page.frames().find((f) => f !== page.mainFrame())!;
    await frame.waitForLoadState();
    // In its place Chromium shows its own error page, none of the embed's content.
    expect(await frame.content()).not.toContain('Plan vélo 2037');
    await context.close();
  });

  it('an ordinary Tribune address is refused even by the allowed origin', async () => {
    allowed.setFrame(`${t.baseUrl}/api/feeds/debates.atom`);
    const { context, page } = await openPage(browser);
    const refused = consoleMatch(page, /frame-ancestors 'none'/);
    await page.goto(`${allowed.origin}/`);
    await refused;
    await context.close();
  });
});
