// The moderator's evening in Chromium (issue 9): the console at 1366×768 keeps the floor
// in view while the page scrolls; a written contribution read out stays on the console
// and is shown on the room display, the author's raised hand untouched until the
// moderator removes it (an event); extending past a side's quota says what happened and
// offers the override, the display shows the quotas; the floor's keyboard shortcuts;
// the Oxford "next step"; opening a debate is confirmed with its date; and the ended
// state on every page (console, display, citizen) with the way to the archive.
// Screenshots go to test-results/screenshots/ (and SCREENSHOTS_DIR).
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { launchBrowser } from '../helpers/browser.ts';
import { admin, connect, join, liveDebate, type TestClient } from '../helpers/clients.ts';
import { axeViolations, describeViolations } from './helpers/axe.ts';
import { displayToken } from './helpers/debates.ts';
import { joinAs, timeline } from './helpers/steps.ts';
import { clientDir, newPage, raiseOralHand, saveFailureArtifacts, shoot, signInOrganizer, until, type E2ePage } from './helpers/pages.ts';

const CONSOLE = { width: 1366, height: 768 };
const PROJECTOR = { width: 1920, height: 1080 };

describe('the moderator’s evening in the browser', () => {
  let t: TestApp;
  let browser: Browser;
  const pages: E2ePage[] = [];
  const clients: TestClient[] = [];

  beforeAll(async () => {
    // No audio or video in these scenarios: the media layer stays off.
    t = await startTestApp({ env: { CLIENT_DIR: clientDir(), MEDIA_ENABLED: 'false', SOCKET_RATE_BURST: '1000', SOCKET_RATE_PER_SEC: '1000' } });
    browser = await launchBrowser();
  }, 120_000);
  beforeEach((ctx) => ctx.onTestFailed(() => saveFailureArtifacts(ctx.task.name, pages)));
  afterAll(async () => {
    for (const c of clients) c.close();
    for (const p of pages) await p.context.close();
    await browser?.close();
    await t?.close();
  }, 60_000);

  const open = async (opts: Parameters<typeof newPage>[1] = {}) => {
    const p = await newPage(browser, opts);
    pages.push(p);
    return p;
  };
  const client = async (token: string) => {
    const c = await connect(t, token);
    clients.push(c);
    return c;
  };
  const openConsole = async (debateId: string, token: string, viewport = CONSOLE) => {
    const p = await open({ viewport });
    await p.page.goto(`${t.baseUrl}/moderate/${debateId}#token=${token}`);
    await p.page.getByRole('heading', { name: 'Parole', level: 2, exact: true }).waitFor();
    return p;
  };
  const openDisplay = async (debateId: string) => {
    const p = await open({ viewport: PROJECTOR });
    await p.page.goto(`${t.baseUrl}/display/${debateId}#token=${await displayToken(t, debateId)}`);
    await p.page.locator('.display').waitFor();
    return p;
  };
  /** The floor panel is inside the window (the page may have scrolled). */
  const floorInView = (page: Page) =>
    page.evaluate(() => {
      const el = (globalThis as any).document.querySelector('.floor-panel');
      const r = el.getBoundingClientRect();
      return { top: Math.round(r.top), bottom: Math.round(r.bottom), height: (globalThis as any).innerHeight };
    });

  it('a contribution read out stays on the console and is shown on the display; the author’s hand is untouched until removed', async () => {
    const d = await liveDebate(t, { title: 'Rénovation de la place du marché' });
    const eve = await join(t, d.debateId, { displayName: 'Ève' });
    const eveClient = await client(eve.token);
    await eveClient.ok('queue:raise', { mode: 'oral', group: 'pour' });
    const text = 'Je propose des bancs à l’ombre côté fontaine, et des arbres conservés.';
    await eveClient.ok('contribution:submit', { text });
    const mod = await openConsole(d.debateId, d.moderatorToken);
    const display = await openDisplay(d.debateId);

    await mod.page.getByRole('button', { name: 'Lire en séance' }).click();
    const floor = mod.page.locator('.floor-panel');
    await floor.getByText('Contribution à lire').waitFor();
    expect(await floor.locator('.read-out__text').innerText()).toBe(text);
    // The display shows the text while it is read, under the author's name.
    const readout = display.page.locator('.display__readout');
    await readout.waitFor();
    expect(await readout.locator('blockquote').innerText()).toBe(text);
    expect(await readout.locator('figcaption').innerText()).toBe('Contribution écrite de Ève');
    // Her raised oral hand is still in the queue, and nothing lowered it in the log.
    const queue = mod.page.locator('ol.queue');
    await queue.getByText('Ève').waitFor();
    expect(await queue.locator('.queue__item').count()).toBe(1);
    let log = await timeline(t, d.debateId);
    expect(log.filter((e) => e.type.startsWith('queue:') && e.type !== 'queue:raised')).toEqual([]);
    expect(log.find((e) => e.type === 'floor:granted')?.payload).toMatchObject({ mode: 'written', keepsQueueEntry: true });

    // At 1366×768 the floor stays in view however far the page scrolls.
    await shoot(mod.page, 'moderator-console-readout');
    await shoot(display.page, 'display-readout');
    await mod.page.mouse.wheel(0, 3000);
    await until('the page scrolled', async () => (await mod.page.evaluate(() => (globalThis as any).scrollY)) > 300);
    const box = await floorInView(mod.page);
    expect(box.top, JSON.stringify(box)).toBeGreaterThanOrEqual(0);
    expect(box.bottom, JSON.stringify(box)).toBeLessThanOrEqual(box.height);

    // The moderator removes her hand: an event in the log.
    await mod.page.getByRole('button', { name: 'Retirer Ève de la file' }).click();
    await mod.page.getByText('Personne ne demande la parole.').waitFor();
    log = await timeline(t, d.debateId);
    expect(log.filter((e) => e.type === 'queue:removed').map((e) => e.payload)).toEqual([{ participantId: eve.participantId }]);
    const violations = await axeViolations(mod.page);
    expect(violations, describeViolations(violations)).toEqual([]);
  });

  it('extending past the quota says what happened, offers the override, and the display shows the quotas', async () => {
    const d = await liveDebate(t, {
      title: 'Budget participatif',
      modalities: { groups: [{ id: 'pour', name: 'Pour', quotaSeconds: 60 }, { id: 'contre', name: 'Contre', quotaSeconds: 60 }], turn: { defaultSeconds: 60, warningSeconds: [10], expiry: 'soft' } },
    });
    const fanny = await join(t, d.debateId, { displayName: 'Fanny' });
    await (await client(fanny.token)).ok('queue:raise', { mode: 'oral', group: 'pour' });
    const moderator = await client(d.moderatorToken);
    await moderator.ok('floor:grant', { participantId: fanny.participantId, seconds: 50 });
    const mod = await openConsole(d.debateId, d.moderatorToken);
    const display = await openDisplay(d.debateId);

    await mod.page.getByLabel('Prolonger de (secondes)').fill('30');
    await mod.page.getByRole('button', { name: 'Prolonger', exact: true }).click();
    const floor = mod.page.locator('.floor-panel');
    await floor.getByText('Prolongé de 10 s sur 30 s demandées : le camp Pour a atteint son quota.').waitFor();
    await shoot(mod.page, 'moderator-quota');
    await floor.getByRole('button', { name: 'Prolonger de 20 s hors quota' }).click();
    await floor.getByText('Prolongé de 20 s au-delà du quota du camp Pour.').waitFor();
    await floor.getByText('Parlé', { exact: false }).filter({ hasText: 'sur 1:20' }).waitFor();
    const extended = (await timeline(t, d.debateId)).filter((e) => e.type === 'floor:extended').map((e) => e.payload);
    expect(extended).toMatchObject([
      { addedMs: 10_000, requestedMs: 30_000, quotaOverridden: false },
      { addedMs: 20_000, requestedMs: 20_000, quotaOverridden: true },
    ]);
    // Nothing left to extend within the quota: the refusal says why, the override is offered.
    await mod.page.getByRole('button', { name: 'Prolonger', exact: true }).click();
    await floor.getByText('Le camp Pour a épuisé son temps de parole').waitFor();
    await floor.getByRole('button', { name: 'Prolonger de 30 s hors quota' }).waitFor();
    // The room display shows each side's quota.
    const quotas = display.page.locator('.display__quotas');
    await quotas.getByText('Pour').waitFor();
    expect(await quotas.innerText()).toMatch(/Pour \d:\d\d restantes sur 1:00/);
    expect(await quotas.innerText()).toContain('Contre 1:00 restantes sur 1:00');
  });

  it('the floor’s keyboard shortcuts, shown in the page', async () => {
    const d = await liveDebate(t, { title: 'Plan local de mobilité' });
    const camille = await join(t, d.debateId, { displayName: 'Camille' });
    await (await client(camille.token)).ok('queue:raise', { mode: 'oral', group: 'pour' });
    const mod = await openConsole(d.debateId, d.moderatorToken);
    const hint = mod.page.locator('.shortcuts');
    for (const key of ['N', 'P', '+', 'F']) await hint.locator('kbd', { hasText: key }).waitFor();
    expect(await hint.innerText()).toContain('donner la parole au suivant');

    const floor = mod.page.locator('.floor-panel');
    // A shortcut is refused, like its button, while the previous command awaits its answer
    // (the new state may show before the answer): press once the button is enabled again.
    const ready = (name: string) => floor.locator('button:enabled', { hasText: name }).waitFor();
    await ready('Donner la parole au suivant');
    await mod.page.keyboard.press('n');
    await floor.getByText('Camille').waitFor();
    await floor.getByText('sur 1:00').waitFor();
    // At 1366×768, with a speaker on the floor, the debate clock is in the window too.
    const clock = await mod.page.evaluate(() => {
      const r = (globalThis as any).document.querySelector('.debate-clock').getBoundingClientRect();
      return { top: Math.round(r.top), bottom: Math.round(r.bottom), height: (globalThis as any).innerHeight };
    });
    await shoot(mod.page, 'moderator-console-floor-768');
    expect(clock.bottom, JSON.stringify(clock)).toBeLessThanOrEqual(clock.height);
    await mod.page.keyboard.press('p');
    await ready('Reprendre');
    await mod.page.keyboard.press('p');
    await ready('Pause');
    await mod.page.keyboard.press('+');
    await floor.getByText('sur 1:30').waitFor();
    // Typing in a field is typing, not a shortcut.
    await mod.page.getByLabel('Prolonger de (secondes)').press('f');
    await mod.page.keyboard.press('Escape');
    await mod.page.locator('body').click({ position: { x: 5, y: 300 } });
    expect(await floor.getByText('Camille').count()).toBe(1);
    await ready('Terminer l’intervention');
    await mod.page.keyboard.press('f');
    await floor.getByText('Personne n’a la parole.').waitFor();
    const types = (await timeline(t, d.debateId)).map((e) => e.type).filter((ty) => ty.startsWith('floor:'));
    expect(types).toEqual(['floor:granted', 'floor:paused', 'floor:resumed', 'floor:extended', 'floor:ended']);
  });

  it('Oxford: labels without ids, and "next step" after a speech enters the next slot without marking it done', async () => {
    const d = await liveDebate(t, {
      title: 'Débat contradictoire',
      modalities: {
        template: 'oxford',
        guests: [
          { id: 'alice', name: 'Alice Martin', affiliation: 'Mairie', group: 'pour' },
          { id: 'bob', name: 'Bob Lefèvre', affiliation: 'Association des commerçants du centre-ville', group: 'contre' },
        ],
      },
    });
    const mod = await openConsole(d.debateId, d.moderatorToken);
    const citizen = await open({ viewport: { width: 390, height: 844 }, mobile: true });
    await joinAs(citizen, t.baseUrl, d.debateId, 'Zoé');
    const agenda = mod.page.locator('ol.agenda');
    await agenda.getByText('Ouverture : Pour', { exact: true }).waitFor();
    expect(await agenda.innerText()).not.toMatch(/\((pour|contre)\)/);
    await mod.page.getByRole('button', { name: 'Donner la parole au suivant' }).click();
    const floor = mod.page.locator('.floor-panel');
    await floor.getByText('Alice Martin').waitFor();
    await floor.getByText('Mairie').waitFor();
    // The citizen reads who speaks for whom.
    await citizen.page.locator('.speaker__name', { hasText: 'Alice Martin' }).getByText('Mairie').waitFor();
    await floor.getByRole('button', { name: 'Terminer l’intervention' }).click();
    await mod.page.getByRole('button', { name: 'Passer à l’étape suivante : « Ouverture : Contre »' }).click();
    const slot = agenda.locator('li').filter({ hasText: 'Ouverture : Contre' });
    await slot.getByText('en cours').waitFor();
    expect(await agenda.locator('li').filter({ hasText: 'Ouverture : Pour' }).getByText('terminé').count()).toBe(1);
    await mod.page.getByRole('button', { name: 'Donner la parole au suivant' }).click();
    await floor.getByText('Bob Lefèvre').waitFor();
    await floor.getByText('Association des commerçants du centre-ville').waitFor();
    await citizen.page.locator('.speaker__name', { hasText: 'Bob Lefèvre' }).getByText('Association des commerçants du centre-ville').waitFor();
    // The speaking-time table names each guest's affiliation, inside its own column.
    const times = mod.page.getByRole('region', { name: 'Temps de parole' });
    const bob = times.getByRole('rowheader', { name: /Bob Lefèvre/ });
    await bob.getByText('Association des commerçants du centre-ville').waitFor();
    await times.getByRole('rowheader', { name: /Alice Martin/ }).getByText('Mairie').waitFor();
    const nameBox = (await bob.boundingBox())!;
    const next = (await bob.locator('xpath=following-sibling::td[1]').boundingBox())!;
    expect(nameBox.x + nameBox.width).toBeLessThanOrEqual(next.x + 1);
    await shoot(mod.page, 'console-speaking-time-affiliation', { fullPage: true });
    const types = (await timeline(t, d.debateId)).map((e) => e.type).filter((ty) => ty.startsWith('agenda:'));
    expect(types).toEqual(['agenda:entered']);
  });

  it('a question shown on the room display, a closed poll taken off it', async () => {
    const d = await liveDebate(t, { title: 'Écoles et cantines' });
    const ana = await client((await join(t, d.debateId, { displayName: 'Ana' })).token);
    const moderator = await client(d.moderatorToken);
    const q = await ana.ok('question:ask', { text: 'Les cantines passeront-elles au bio ?' });
    await moderator.ok('question:approve', { questionId: q.questionId });
    const poll = await moderator.ok('poll:create', { question: 'Une cantine 100 % bio ?', kind: 'single', options: ['Oui', 'Non'], visibility: 'live', openNow: true });
    await ana.ok('poll:vote', { pollId: poll.pollId, choices: [0] });
    await moderator.ok('poll:close', { pollId: poll.pollId });
    const mod = await openConsole(d.debateId, d.moderatorToken);
    const display = await openDisplay(d.debateId);
    await display.page.getByRole('region', { name: 'Sondage' }).getByText('Une cantine 100 % bio ?').waitFor();

    await mod.page.getByRole('button', { name: /Publiées/ }).click();
    await mod.page.getByRole('button', { name: 'Afficher la question à l’écran : Les cantines passeront-elles au bio ?' }).click();
    const shown = display.page.getByRole('region', { name: 'Question du public' });
    await shown.getByText('Les cantines passeront-elles au bio ?').waitFor();
    await shown.getByText('par Ana').waitFor();
    await shoot(display.page, 'display-question');
    // The closed poll leaves the screen for good.
    const card = mod.page.getByRole('article', { name: 'Une cantine 100 % bio ?' });
    await card.getByText('Sondage affiché').waitFor();
    await card.getByRole('button', { name: 'Retirer de l’écran' }).click();
    await until('the poll off the display', async () => (await display.page.getByRole('region', { name: 'Sondage' }).count()) === 0);
    await mod.page.locator('.question--on-screen').getByRole('button', { name: 'Retirer de l’écran' }).click();
    await until('the question off the display', async () => (await shown.count()) === 0);
    const types = (await timeline(t, d.debateId)).map((e) => e.type).filter((ty) => ty.startsWith('screen:'));
    expect(types).toEqual(['screen:question-shown', 'screen:poll-hidden', 'screen:question-shown']);
  });

  it('opening a debate asks first, with its scheduled date', async () => {
    const d = await liveDebate(t, { title: 'Concertation du 3 décembre', start: false });
    const org = await open();
    await signInOrganizer(org.page, t.baseUrl);
    const card = org.page.getByRole('article', { name: 'Concertation du 3 décembre' });
    await card.getByRole('button', { name: /Ouvrir le débat/ }).click();
    await card.getByText('Ouvrir le débat maintenant ? Il est prévu le 3 décembre 2026 à 18:30.').waitFor();
    expect((await admin(t, 'GET', `/api/debates/${d.debateId}`)).body.debate.status).toBe('scheduled');
    await card.getByRole('button', { name: 'Annuler', exact: true }).click();
    await card.getByRole('button', { name: /Ouvrir le débat/ }).click();
    await card.getByRole('button', { name: 'Oui, ouvrir le débat' }).click();
    await card.locator('.status', { hasText: 'En direct' }).waitFor();
  });

  it('the ended state on every page, with the way to the archive', { timeout: 60_000 }, async () => {
    const d = await liveDebate(t, { title: 'Quartier de la gare' });
    const citizen = await open({ viewport: { width: 390, height: 844 }, mobile: true });
    await joinAs(citizen, t.baseUrl, d.debateId, 'Zoé');
    await raiseOralHand(citizen.page);
    await citizen.page.getByText('Vous êtes en position 1').waitFor();
    const display = await openDisplay(d.debateId);
    await display.page.getByText('Prochaines interventions').waitFor();
    const mod = await openConsole(d.debateId, d.moderatorToken);
    await mod.page.getByRole('button', { name: 'Donner la parole à Zoé' }).waitFor();

    await mod.page.getByRole('button', { name: 'Clore le débat' }).click();
    await mod.page.getByRole('button', { name: 'Oui, clore le débat' }).click();
    // Console: no live control left, why, and the archive.
    await mod.page.getByText('Le débat est terminé : la parole ne peut plus être donnée.').waitFor();
    expect(await mod.page.getByRole('button', { name: /Donner la parole/ }).count()).toBe(0);
    expect(await mod.page.getByRole('link', { name: 'Voir l’archive' }).getAttribute('href')).toBe(`/archive/${d.debateId}`);
    await shoot(mod.page, 'moderator-ended');
    // Display: the whole screen says so, with the archive's QR code and link.
    await display.page.getByRole('heading', { name: 'Le débat est terminé' }).waitFor();
    expect(await display.page.getByText('Prochaines interventions').count()).toBe(0);
    await display.page.getByText('Retrouvez l’archive du débat').waitFor();
    expect(await display.page.locator('.qr__link').innerText()).toContain(`/archive/${d.debateId}`);
    await shoot(display.page, 'display-ended');
    // Citizen: no queue position, no "will start with the debate", a link to the archive.
    await citizen.page.getByRole('heading', { name: 'Le débat est terminé' }).waitFor();
    const body = await citizen.page.locator('main').innerText();
    expect(body).not.toContain('position 1');
    expect(body).not.toContain('La retransmission commencera avec le débat');
    await shoot(citizen.page, 'citizen-ended-mobile');
    const violations = await axeViolations(citizen.page);
    expect(violations, describeViolations(violations)).toEqual([]);
    await citizen.page.getByRole('link', { name: 'Voir l’archive du débat' }).click();
    await citizen.page.waitForURL(`**/archive/${d.debateId}`);
    await citizen.page.getByRole('heading', { name: 'Quartier de la gare', level: 1 }).waitFor();
    // Someone who opens the public link afterwards gets the same, not a join form.
    const late = await open({ viewport: { width: 390, height: 844 }, mobile: true });
    await late.page.goto(`${t.baseUrl}/d/${d.debateId}`);
    await late.page.getByRole('heading', { name: 'Le débat est terminé' }).waitFor();
    expect(await late.page.getByLabel('Nom affiché').count()).toBe(0);
    expect(await late.page.getByRole('link', { name: 'Voir l’archive du débat' }).getAttribute('href')).toBe(`/archive/${d.debateId}`);
  });
});
