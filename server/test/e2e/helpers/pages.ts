// Shared by the whole-page browser tests (debate, accessibility): the real app serving
// the built client with media on its own RTC ports, browser contexts that record what
// the page announces to screen readers and every console error, an optional skew of the
// page's clock, screenshots, and the organizer's steps on /admin.
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ADMIN_TOKEN, type TestApp } from '../../helpers/app.ts';
import { until as untilShared } from '../../helpers/until.ts';
import { startMediaApp } from '../../media/server-helpers.ts';

const repoRoot = resolve(import.meta.dirname, '../../../..');

/** The built client the app serves: E2E_CLIENT_DIR (a private build), else client/dist. */
export function clientDir(): string {
  return resolve(process.env.E2E_CLIENT_DIR ?? join(repoRoot, 'client/dist'));
}

export async function startE2eApp(rtcMinPort: number, env: Record<string, string> = {}): Promise<TestApp> {
  const dir = clientDir();
  if (!existsSync(join(dir, 'index.html'))) throw new Error(`the browser client is not built in ${dir}: run \`npm run client:build\``);
  return startMediaApp(rtcMinPort, { CLIENT_DIR: dir, MEDIA_WORKERS: '1', ...env });
}

export interface E2ePage {
  context: BrowserContext;
  page: Page;
  /** Console errors and uncaught exceptions seen so far (expected ones filtered out). */
  problems: string[];
}

export interface E2ePageOptions {
  viewport?: { width: number; height: number };
  mobile?: boolean;
  locale?: string;
  /** Added to the page's Date.now(): the page must still agree with the server's clock. */
  clockSkewMs?: number;
  /** Console errors that are part of the scenario (e.g. a refused token), as patterns. */
  expectedErrors?: RegExp[];
}

/**
 * Records every text put into a live region (aria-live, status, alert) in
 * `window.__announced`, in order: what a screen reader would have been told.
 */
function recordAnnouncements(): void {
  // Runs in the page (the server's tsconfig has no DOM types: the page's globals are untyped here).
  const g = globalThis as any;
  const said: string[] = [];
  g.__announced = said;
  const observer = new g.MutationObserver((records: any[]) => {
    for (const r of records) {
      const el = r.target.nodeType === 1 ? r.target : r.target.parentElement;
      const region = el?.closest('[aria-live], [role="status"], [role="alert"], [role="log"]');
      const text = region?.textContent?.trim();
      if (text && said.at(-1) !== text) said.push(text);
    }
  });
  observer.observe(g.document, { subtree: true, childList: true, characterData: true });
}

function skewClock(skew: number): void {
  const real = Date.now.bind(Date);
  Date.now = () => real() + skew;
}

export async function newPage(browser: Browser, opts: E2ePageOptions = {}): Promise<E2ePage> {
  const context = await browser.newContext({
    locale: opts.locale ?? 'fr-FR',
    timezoneId: 'Europe/Paris',
    permissions: ['camera', 'microphone'],
    viewport: opts.viewport ?? { width: 1280, height: 800 },
    ...(opts.mobile ? { isMobile: true, hasTouch: true } : {}),
  });
  await context.addInitScript(recordAnnouncements);
  if (opts.clockSkewMs) await context.addInitScript(skewClock, opts.clockSkewMs);
  const page = await context.newPage();
  const problems: string[] = [];
  const expected = opts.expectedErrors ?? [];
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    const text = m.text();
    if (!expected.some((re) => re.test(text))) problems.push(`console: ${text}`);
  });
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  return { context, page, problems };
}

export async function announced(page: Page): Promise<string[]> {
  return page.evaluate(() => [...(((globalThis as any).__announced as string[] | undefined) ?? [])]);
}

export async function waitForAnnouncement(page: Page, pattern: RegExp, timeoutMs = 15_000): Promise<string> {
  return until(`the announcement ${pattern}`, async () => (await announced(page)).find((s) => pattern.test(s)), timeoutMs);
}

/** The shared wait, polling pages every 100 ms, 20 s by default (browsers are slow to start). */
export const until = <T,>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 20_000): Promise<T> =>
  untilShared(what, probe, timeoutMs, 100);

const ARTIFACTS = join(repoRoot, 'test-results/screenshots');

/**
 * A screenshot as a test artifact (test-results/screenshots/, git-ignored), and into
 * SCREENSHOTS_DIR too when set (how docs/screenshots/ is refreshed: never by default).
 */
export async function shoot(page: Page, name: string, opts: { fullPage?: boolean } = {}): Promise<void> {
  const dirs = [ARTIFACTS, ...(process.env.SCREENSHOTS_DIR ? [resolve(process.env.SCREENSHOTS_DIR)] : [])];
  // Caret and hover states make screenshots differ from run to run.
  await page.evaluate(() => (globalThis as any).document.activeElement?.blur?.());
  for (const dir of dirs) {
    await mkdir(dir, { recursive: true });
    await page.screenshot({ path: join(dir, `${name}.png`), fullPage: opts.fullPage ?? false, animations: 'disabled', caret: 'hide' });
  }
}

/**
 * After a failed test: a screenshot and the visible text of every open page, with the
 * console errors seen, into test-results/screenshots/failure-<test>-<n>.*, to see what
 * the pages showed when a wait timed out.
 */
export async function saveFailureArtifacts(test: string, pages: readonly E2ePage[]): Promise<void> {
  const base = test.replace(/[^a-z0-9]+/gi, '-').slice(0, 60);
  await mkdir(ARTIFACTS, { recursive: true });
  for (const [i, p] of pages.entries()) {
    if (p.page.isClosed()) continue;
    const name = join(ARTIFACTS, `failure-${base}-${i}`);
    await p.page.screenshot({ path: `${name}.png`, fullPage: true }).catch(() => undefined);
    const text = await p.page.locator('body').innerText().catch((err: Error) => `(no text: ${err.message})`);
    await writeFile(`${name}.txt`, `${p.page.url()}\n\n${text}\n\nproblems:\n${p.problems.join('\n')}\n`);
  }
}

/** The organizer signs in on /admin with the instance's admin token. */
export async function signInOrganizer(page: Page, baseUrl: string): Promise<void> {
  await page.goto(`${baseUrl}/admin`);
  await page.getByLabel('Jeton d’administration').fill(ADMIN_TOKEN);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.getByRole('heading', { name: 'Nouveau débat' }).waitFor();
}

/** The id of a debate from its card on /admin (its public-page link). */
export async function debateIdOnAdmin(page: Page, title: string): Promise<string> {
  const card = page.getByRole('article', { name: title });
  const href = await card.getByRole('link', { name: /Page du public|Archive/ }).first().getAttribute('href');
  const id = /\/(?:d|archive)\/([A-Za-z0-9_-]+)/.exec(href ?? '')?.[1];
  if (!id) throw new Error(`no debate id in ${href}`);
  return id;
}

/** Issue a link from a debate's card (console, display, invitation) and read it. */
export async function issueLink(page: Page, title: string, button: RegExp, field: RegExp): Promise<string> {
  const card = page.getByRole('article', { name: title });
  await card.getByRole('button', { name: button }).click();
  const input = card.getByLabel(field);
  await input.waitFor();
  return input.inputValue();
}

/**
 * A citizen raises an oral hand from the page: going on camera is announced first, and the
 * first oral hand of a debate in a tab waits for "J’ai compris" (citizen/hand-panel.tsx).
 */
export async function raiseOralHand(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Lever la main (à l’oral)' }).click();
  const understood = page.getByRole('button', { name: 'J’ai compris, demander la parole' });
  await understood.waitFor();
  await understood.click();
}
