// What the public and the room see of an organizer's debate, in Chromium against the real
// app: the archive search finds "piétonnisation" typed without its accents; the room
// display at 1920×1080 shows a QR code of at least a quarter of the screen height with a
// 4-module quiet zone, and the access code beside it; a citizen is told at join that the
// debate is broadcast and recorded (with the organizer's privacy text and link), confirms
// before raising an oral hand, and every live page shows the recording indicator once
// the server records her.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app.ts';
import { launchBrowser } from '../helpers/browser.ts';
import { admin, connect, liveDebate, type TestClient } from '../helpers/clients.ts';
import { displayToken } from './helpers/debates.ts';
import { newPage, saveFailureArtifacts, shoot, signInOrganizer, startE2eApp, until, type E2ePage } from './helpers/pages.ts';

describe('the organizer’s debate as the public sees it', () => {
  let t: TestApp;
  let browser: Browser;
  const opened: E2ePage[] = [];
  const sockets: TestClient[] = [];

  beforeAll(async () => {
    t = await startE2eApp(48_400);
    browser = await launchBrowser();
  }, 120_000);
  beforeEach((ctx) => ctx.onTestFailed(() => saveFailureArtifacts(ctx.task.name, opened)));
  afterAll(async () => {
    for (const s of sockets) s.close();
    for (const p of opened) await p.context.close();
    await browser?.close();
    await t?.close();
  }, 60_000);

  const open = async (path: string, opts: Parameters<typeof newPage>[1] = {}) => {
    const p = await newPage(browser, opts);
    opened.push(p);
    await p.page.goto(`${t.baseUrl}${path}`);
    return p;
  };

  it('finds a debate searched without its accents', async () => {
    await liveDebate(t, { title: 'La piétonnisation du centre-ville', start: false });
    await liveDebate(t, { title: 'Budget des écoles', start: false });
    const { page, problems } = await open('/archive');
    await page.getByLabel(/^Rechercher/).fill('pietonnisation');
    await page.getByRole('button', { name: 'Rechercher', exact: true }).click();
    await page.getByText('1 débat', { exact: true }).waitFor();
    const found = page.getByRole('link', { name: 'La piétonnisation du centre-ville', exact: true });
    await found.waitFor();
    // An announced debate links to its page, not to an empty archive.
    expect(await found.getAttribute('href')).toMatch(/^\/d\//);
    await page.getByText('Trouvé dans : le titre ou la description').waitFor();
    await page.getByRole('link', { name: /Ajouter à mon agenda \(\.ics\)/ }).waitFor();
    expect(await page.getByRole('link', { name: 'Budget des écoles' }).count()).toBe(0);
    await shoot(page, 'archive-search');
    expect(problems).toEqual([]);
  });

  it('shows a QR code of a quarter of the screen height, its quiet zone and the access code on the display', async () => {
    const d = await liveDebate(t, { title: 'Plan vélo', modalities: { joinPolicy: 'code', accessCode: 'velo-2026' } });
    const token = await displayToken(t, d.debateId);
    const { page, problems } = await open(`/display/${d.debateId}#token=${token}`, { viewport: { width: 1920, height: 1080 } });
    const qr = page.locator('.qr__image');
    await qr.waitFor();
    const box = (await qr.boundingBox())!;
    expect(box.height).toBeGreaterThanOrEqual(1080 / 4);
    expect(box.width).toBeCloseTo(box.height, 0);
    expect(box.y + box.height).toBeLessThanOrEqual(1080);
    const svg = decodeURIComponent((await qr.getAttribute('src'))!.replace(/^data:image\/svg\+xml;charset=utf-8,/, ''));
    const size = Number(/viewBox="0 0 (\d+) \1"/.exec(svg)![1]);
    // The dark modules start 4 modules in (the first row's path starts at x=4, y=4.5).
    const dark = /<path stroke="#000000" d="M(\d+) (\d+(?:\.5)?)/.exec(svg)!;
    expect([Number(dark[1]), Number(dark[2])]).toEqual([4, 4.5]);
    expect(size - 8).toBeGreaterThanOrEqual(21);
    await page.locator('.qr__code').getByText('velo-2026').waitFor();
    await shoot(page, 'display-access-code');
    expect(problems).toEqual([]);
  });

  it('the organizer card’s QR code, enlarged, takes most of the window', async () => {
    await liveDebate(t, { title: 'Jardins partagés', start: false });
    const p = await newPage(browser, { viewport: { width: 1920, height: 1080 } });
    opened.push(p);
    await signInOrganizer(p.page, t.baseUrl);
    const card = p.page.getByRole('article', { name: 'Jardins partagés' });
    const qr = card.locator('.public-link__qr');
    await qr.waitFor();
    expect((await qr.boundingBox())!.height).toBeGreaterThanOrEqual(11 * 16 - 1);
    await card.getByRole('button', { name: /^Agrandir le QR code/ }).click();
    await until('the QR code enlarged', async () => ((await qr.boundingBox())?.height ?? 0) >= 1080 / 4 * 3);
    await qr.scrollIntoViewIfNeeded();
    const box = (await qr.boundingBox())!;
    expect(box.width).toBeCloseTo(box.height, 0);
    await shoot(p.page, 'admin-qr-enlarged');
    await card.getByRole('button', { name: /^Réduire le QR code/ }).click();
    await until('the QR code back', async () => ((await qr.boundingBox())?.height ?? 1e9) < 1080 / 4);
  });

  it('tells a citizen the debate is recorded, asks before the camera, and shows when it records', async () => {
    const d = await liveDebate(t, {
      title: 'Maison de santé',
      modalities: { privacyText: 'La mairie conserve l’enregistrement un an.', privacyUrl: 'https://mairie.example/confidentialite' },
    });
    const moderator = await connect(t, d.moderatorToken);
    sockets.push(moderator);
    const token = await displayToken(t, d.debateId);
    const display = await open(`/display/${d.debateId}#token=${token}`, { viewport: { width: 1920, height: 1080 } });
    const viewer = await open(`/d/${d.debateId}`, { viewport: { width: 390, height: 844 }, mobile: true });
    const { page, problems } = await open(`/d/${d.debateId}`, { viewport: { width: 390, height: 844 }, mobile: true });

    // At join: the notice, the organizer's text and the link to the policy.
    await page.getByText('Ce débat est diffusé en direct et enregistré').waitFor();
    await page.getByText('La mairie conserve l’enregistrement un an.').waitFor();
    expect(await page.getByRole('link', { name: 'Politique de confidentialité de l’organisateur' }).getAttribute('href')).toBe(
      'https://mairie.example/confidentialite',
    );
    await shoot(page, 'citizen-join-notice-mobile');
    for (const [p, name] of [[page, 'Camille'], [viewer.page, 'Dominique']] as const) {
      await p.getByLabel('Nom affiché').fill(name);
      await p.getByRole('button', { name: 'Rejoindre' }).click();
      await p.getByText(`Vous participez en tant que ${name}.`).waitFor();
    }

    // Before going on camera: the notice again, and nothing is sent until she confirms.
    await page.getByRole('button', { name: 'Lever la main (à l’oral)' }).click();
    const consent = page.getByRole('dialog', { name: 'Avant de demander la parole à l’oral' });
    await consent.getByText('seront diffusées en direct et enregistrées').waitFor();
    await shoot(page, 'citizen-consent-mobile');
    expect(moderator.events.some((e) => e.type === 'queue:raised')).toBe(false);
    expect(await page.getByTestId('recording-indicator').count()).toBe(0);
    await consent.getByRole('button', { name: 'J’ai compris, demander la parole' }).click();
    const raised = await moderator.waitForEvent('queue:raised', (e) => e.payload.entry.name === 'Camille', 20_000);
    await moderator.ok('floor:grant', { participantId: raised.payload.entry.participantId, seconds: 120 });

    // On air with the fake camera: the server records, every live page says so.
    await until('a recording being written', async () => {
      const res = await admin(t, 'GET', `/api/debates/${d.debateId}/recordings`);
      return res.body.recordings?.some((r: { status: string }) => r.status === 'recording');
    }, 30_000);
    for (const p of [page, viewer.page, display.page]) await p.getByTestId('recording-indicator').getByText('Enregistrement en cours').waitFor({ timeout: 20_000 });
    const mod = await open(`/moderate/${d.debateId}#token=${d.moderatorToken}`, { viewport: { width: 1366, height: 768 } });
    await mod.page.getByTestId('recording-indicator').waitFor({ timeout: 20_000 });
    await shoot(display.page, 'display-recording');
    await moderator.ok('floor:end', {});
    expect(problems).toEqual([]);
  });
});
