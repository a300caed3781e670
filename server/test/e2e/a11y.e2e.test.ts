// Accessibility of every page in Chromium, against the real app with real debates in
// them: axe-core (WCAG 2.1 A/AA and best practices) finds no serious or critical
// violation, every visible control is reachable with the Tab key, the pages have a
// main landmark and a language, and the room display announces poll changes and timer
// warnings through live regions.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app.ts';
import { launchBrowser } from '../helpers/browser.ts';
import { axeViolations, describeViolations } from './helpers/axe.ts';
import { endedDebate, liveScene, type LiveScene } from './helpers/debates.ts';
import { unreachableByKeyboard } from './helpers/keyboard.ts';
import { issueLink, newPage, saveFailureArtifacts, signInOrganizer, startE2eApp, waitForAnnouncement, type E2ePage } from './helpers/pages.ts';

describe('accessibility of the pages', () => {
  let t: TestApp;
  let browser: Browser;
  let scene: LiveScene;
  let endedId: string;
  const opened: E2ePage[] = [];

  beforeAll(async () => {
    t = await startE2eApp(45_400);
    browser = await launchBrowser();
    scene = await liveScene(t);
    endedId = await endedDebate(t);
  }, 120_000);
  // What the pages showed when a test failed, next to the screenshots.
  beforeEach((ctx) => ctx.onTestFailed(() => saveFailureArtifacts(ctx.task.name, opened)));
  afterAll(async () => {
    scene?.close();
    for (const p of opened) await p.context.close();
    await browser?.close();
    await t?.close();
  }, 60_000);

  async function open(path: string, opts: Parameters<typeof newPage>[1] = {}): Promise<E2ePage> {
    const p = await newPage(browser, opts);
    opened.push(p);
    await p.page.goto(`${t.baseUrl}${path}`);
    return p;
  }

  /** axe, the keyboard, a main landmark, the language: what every page must pass. */
  async function check(page: Page, name: string): Promise<void> {
    const violations = await axeViolations(page);
    expect(violations, `${name}:\n${describeViolations(violations)}`).toEqual([]);
    expect(await unreachableByKeyboard(page), `${name}: controls the Tab key never reaches`).toEqual([]);
    expect(await page.locator('main').count(), `${name}: one main landmark`).toBe(1);
    expect(await page.getAttribute('html', 'lang')).toMatch(/^(fr|en)$/);
  }

  it('home, in French and in English, with the organizers’ link', async () => {
    const { page, problems } = await open('/');
    await page.getByRole('heading', { name: 'Débats publics', level: 1 }).waitFor();
    await page.getByRole('link', { name: scene.title, exact: true }).waitFor();
    await check(page, 'home');
    await page.getByRole('contentinfo').getByRole('link', { name: 'Espace organisateurs' }).waitFor();
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Public debates', level: 1 }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await check(page, 'home (en)');
    expect(problems).toEqual([]);
  });

  it('organizer page, signed out and signed in with a debate’s links issued', async () => {
    const { page, problems } = await open('/admin', { expectedErrors: [/401/] });
    await page.getByLabel('Jeton d’administration').waitFor();
    await check(page, 'admin (sign in)');
    // A wrong token is refused in words, tied to the field.
    await page.getByLabel('Jeton d’administration').fill('not-the-token');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByRole('alert').filter({ hasText: 'Ce jeton d’administration n’est pas reconnu.' }).waitFor();
    await check(page, 'admin (refused token)');
    await signInOrganizer(page, t.baseUrl);
    await issueLink(page, scene.title, /Lien de la console de modération/, /Lien de la console de modération/);
    // A refused form: the error summary and the fields it points at.
    await page.getByRole('button', { name: 'Créer le débat' }).click();
    await page.getByRole('alert').filter({ hasText: 'À corriger avant d’enregistrer' }).waitFor();
    expect(await page.getByLabel('Titre', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    await check(page, 'admin (signed in, refused form)');
    expect(problems).toEqual([]);
  });

  it('citizen page before and after joining', async () => {
    const { page, problems } = await open(`/d/${scene.debateId}`, { viewport: { width: 390, height: 844 }, mobile: true });
    await page.getByLabel('Nom affiché').waitFor();
    await check(page, 'citizen (join form)');
    await page.getByLabel('Nom affiché').fill('Élise');
    await page.getByRole('button', { name: 'Rejoindre' }).click();
    await page.getByText('Vous participez en tant que Élise.').waitFor();
    await page.getByRole('button', { name: 'Lever la main (par écrit)' }).click();
    await page.getByText(/Vous êtes en position 2 dans la file/).waitFor();
    await page.getByRole('group', { name: 'Faut-il piétonniser la place le samedi ?' }).waitFor();
    await check(page, 'citizen (joined)');
    expect(problems).toEqual([]);
  });

  it('room display, with its live regions for polls and timer warnings', async () => {
    const { page, problems } = await open(`/display/${scene.debateId}#token=${scene.displayToken}`);
    await page.locator('.lower-third').getByText('Camille').waitFor();
    await page.getByRole('img', { name: /QR code pour rejoindre le débat/ }).waitFor();
    await check(page, 'display');
    // Poll state changes and warnings reach screen readers.
    const poll = await scene.moderator.ok('poll:create', { question: 'Des jeux pour enfants ?', kind: 'single', options: ['Oui', 'Non'], visibility: 'live', openNow: true });
    await waitForAnnouncement(page, /Nouveau sondage ouvert\s: Des jeux pour enfants \?/);
    await scene.moderator.ok('poll:close', { pollId: poll.pollId });
    await waitForAnnouncement(page, /Sondage clos, résultats disponibles\s: Des jeux pour enfants \?/);
    await scene.moderator.ok('floor:end', {});
    await scene.moderator.ok('floor:grant', { seconds: 12 });
    await waitForAnnouncement(page, /Plus que 10 secondes/, 10_000);
    expect(problems).toEqual([]);
  });

  it('moderator console, with the poll form open', async () => {
    const { page, problems } = await open(`/moderate/${scene.debateId}#token=${scene.moderatorToken}`);
    await page.getByRole('heading', { name: scene.title, level: 1 }).waitFor();
    await page.getByRole('heading', { name: /File de parole/ }).waitFor();
    await check(page, 'moderator console');
    await page.locator('details.poll-form summary').click();
    await page.getByLabel('Question', { exact: true }).waitFor();
    await check(page, 'moderator console (poll form)');
    expect(problems).toEqual([]);
  });

  it('citizen page on air (microphone and camera going out)', async () => {
    const { page, problems } = await open(`/d/${scene.debateId}`, { viewport: { width: 390, height: 844 }, mobile: true });
    await page.getByLabel('Nom affiché').fill('Fanny');
    await page.getByRole('button', { name: 'Rejoindre' }).click();
    await page.getByRole('region', { name: 'Demander la parole' }).getByRole('button', { name: 'Lever la main (à l’oral)' }).click();
    await page.getByRole('button', { name: 'J’ai compris, demander la parole' }).waitFor();
    await check(page, 'citizen (going on camera: the recording notice to confirm)');
    await page.getByRole('button', { name: 'J’ai compris, demander la parole' }).click();
    const raised = await scene.moderator.waitForEvent('queue:raised', (e) => e.payload.entry.name === 'Fanny');
    // The display test's short turn may still be running.
    const ended = await scene.moderator.emit('floor:end', {});
    expect(ended.ok || ended.error.code === 'NO_FLOOR').toBe(true);
    await scene.moderator.ok('floor:grant', { participantId: raised.payload.entry.participantId, seconds: 300 });
    await page.locator('.on-air__label', { hasText: 'Vous avez la parole.' }).waitFor();
    await page.getByText('Vous êtes diffusé·e en direct.').waitFor({ timeout: 20_000 });
    await check(page, 'citizen (on air)');
    expect(problems).toEqual([]);
  });

  it('the checks themselves fail on a missing text alternative and a control out of the tab order', async () => {
    const { page } = await open('/archive');
    await page.getByRole('heading', { name: 'Archive des débats', level: 1 }).waitFor();
    await page.evaluate(() => {
      const doc = (globalThis as any).document;
      const main = doc.querySelector('main');
      main.insertAdjacentHTML('beforeend', '<img src="data:," width="40" height="40"><button type="button" tabindex="-1">Hors clavier</button>');
    });
    expect((await axeViolations(page)).map((v) => v.id)).toContain('image-alt');
    expect(await unreachableByKeyboard(page)).toEqual(['button "Hors clavier"']);
  });

  it('archive list and an archived debate', async () => {
    const list = await open('/archive');
    await list.page.getByRole('link', { name: 'Plan local de mobilité' }).waitFor();
    await check(list.page, 'archive list');
    const one = await open(`/archive/${endedId}`);
    await one.page.getByRole('heading', { name: 'Déroulé des interventions' }).waitFor();
    await one.page.getByRole('row', { name: /Anaïs/ }).waitFor();
    await check(one.page, 'archive debate');
    expect([...list.problems, ...one.problems]).toEqual([]);
  });
});
