// Every page of the built client under the server's real Content-Security-Policy in
// Chromium (issue 10, item 4): home, archive list and an archived debate, the organizer
// page signed in, the citizen page before and after joining, the moderator console and
// the room display, with media on. Any `securitypolicyviolation` the page reports, or a
// CSP refusal in its console, fails the test. A last check makes a violation on purpose
// to show that the listener sees them.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app.ts';
import { launchBrowser } from '../helpers/browser.ts';
import { endedDebate, liveScene, type LiveScene } from './helpers/debates.ts';
import { newPage, saveFailureArtifacts, signInOrganizer, startE2eApp, until, type E2ePage } from './helpers/pages.ts';
import { joinAs } from './helpers/steps.ts';

/** In the page, before any of its scripts: keep every CSP violation it reports. */
function recordViolations(): void {
  const g = globalThis as any;
  const seen: string[] = [];
  g.__cspViolations = seen;
  g.document.addEventListener('securitypolicyviolation', (e: any) => {
    seen.push(`${e.effectiveDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile ?? '?'}:${e.lineNumber ?? '?'}`);
  });
}

describe('every page under the Content-Security-Policy', () => {
  let t: TestApp;
  let browser: Browser;
  let scene: LiveScene;
  let endedId: string;
  const opened: { p: E2ePage; csp: string[] }[] = [];

  beforeAll(async () => {
    t = await startE2eApp(46_200);
    browser = await launchBrowser();
    scene = await liveScene(t);
    endedId = await endedDebate(t);
  }, 120_000);
  beforeEach((ctx) => ctx.onTestFailed(() => saveFailureArtifacts(ctx.task.name, opened.map((o) => o.p))));
  afterAll(async () => {
    scene?.close();
    for (const o of opened) await o.p.context.close();
    await browser?.close();
    await t?.close();
  }, 60_000);

  async function open(path: string, expectedErrors: RegExp[] = []): Promise<{ p: E2ePage; csp: string[] }> {
    const p = await newPage(browser, { expectedErrors });
    await p.context.addInitScript(recordViolations);
    const csp: string[] = [];
    p.page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) csp.push(`console: ${m.text()}`);
    });
    const entry = { p, csp };
    opened.push(entry);
    const res = await p.page.goto(`${t.baseUrl}${path}`);
    expect(res?.headers()['content-security-policy'], path).toMatch(/script-src 'self' 'sha256-/);
    return entry;
  }

  async function violations(o: { p: E2ePage; csp: string[] }): Promise<string[]> {
    const inPage = (await o.p.page.evaluate(() => [...((globalThis as any).__cspViolations as string[])])) as string[];
    return [...inPage, ...o.csp];
  }

  it('home and the archive', async () => {
    const home = await open('/');
    await home.p.page.getByRole('heading', { name: 'Débats publics', level: 1 }).waitFor();
    await home.p.page.getByRole('link', { name: scene.title, exact: true }).waitFor();
    expect(await violations(home), 'home').toEqual([]);

    const list = await open('/archive');
    await list.p.page.getByRole('link', { name: 'Plan local de mobilité' }).first().waitFor();
    expect(await violations(list), 'archive').toEqual([]);

    const debate = await open(`/archive/${endedId}`);
    await debate.p.page.getByRole('heading', { name: 'Plan local de mobilité', level: 1 }).waitFor();
    await debate.p.page.getByText('Une zone à 30 km/h ?').first().waitFor();
    expect(await violations(debate), 'archived debate').toEqual([]);
    expect(debate.p.problems, 'archived debate console').toEqual([]);
  });

  it('the organizer page, signed in', async () => {
    const admin = await open('/admin', [/401/]);
    await signInOrganizer(admin.p.page, t.baseUrl);
    await admin.p.page.getByRole('article', { name: scene.title }).waitFor();
    expect(await violations(admin), 'admin').toEqual([]);
  });

  it('the citizen page: the join form, then the debate', async () => {
    const citizen = await open(`/d/${scene.debateId}`);
    await joinAs(citizen.p, t.baseUrl, scene.debateId, 'Lou', undefined, false);
    await citizen.p.page.getByText('Faut-il piétonniser la place le samedi ?').first().waitFor();
    expect(await violations(citizen), 'citizen').toEqual([]);
    expect(citizen.p.problems, 'citizen console').toEqual([]);
  });

  it('the moderator console and the room display (QR code image, media)', async () => {
    const mod = await open(`/moderate/${scene.debateId}#token=${scene.moderatorToken}`);
    await mod.p.page.getByText('Faut-il piétonniser la place le samedi ?').first().waitFor();
    await mod.p.page.getByText('Camille').first().waitFor();
    expect(await violations(mod), 'moderator').toEqual([]);
    expect(mod.p.problems, 'moderator console').toEqual([]);

    const display = await open(`/display/${scene.debateId}#token=${scene.displayToken}`);
    await display.p.page.getByText('Camille').first().waitFor();
    await display.p.page.locator('img.qr__image').waitFor();
    expect(await violations(display), 'display').toEqual([]);
    expect(display.p.problems, 'display console').toEqual([]);
  });

  it('the API documentation (/docs: inline styles allowed there, scripts not)', async () => {
    const docs = await open('/docs');
    await docs.p.page.getByText('Tribune API').first().waitFor();
    await docs.p.page.getByText('/api/debates/{id}/join').first().waitFor();
    expect(await violations(docs), 'docs').toEqual([]);
    const csp = (await fetch(`${t.baseUrl}/docs/static/index.html`)).headers.get('content-security-policy') ?? '';
    expect(csp).toContain("style-src 'self' 'unsafe-inline'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
  });

  it('sees a violation when there is one (the listener works)', async () => {
    const home = await open('/');
    await home.p.page.getByRole('heading', { name: 'Débats publics', level: 1 }).waitFor();
    await home.p.page.evaluate(() => {
      const d = (globalThis as any).document;
      const s = d.createElement('script');
      s.textContent = 'globalThis.__injected = true;';
      d.body.appendChild(s);
    });
    // The event is dispatched asynchronously: wait for it.
    const seen = await until('the violation report', async () => {
      const v = await violations(home);
      return v.some((x) => x.startsWith('script-src')) ? v : null;
    });
    expect(seen.length).toBeGreaterThan(0);
    expect(await home.p.page.evaluate(() => (globalThis as any).__injected ?? false)).toBe(false);
  });
});
