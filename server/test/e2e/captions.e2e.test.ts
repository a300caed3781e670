// Live captions in Chromium (media off: the engine path has its own integration test):
// a captioner's lines reach the citizen page — attributed to the speaker, with the
// reader's text size and contrast, announced once through a polite live region — and the
// room display, whose two lines at the bottom the console switches on.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { launchBrowser } from '../helpers/browser.ts';
import { admin, connect, http, join, liveDebate, type TestClient } from '../helpers/clients.ts';
import { joinAs } from './helpers/steps.ts';
import { clientDir, newPage, saveFailureArtifacts, shoot, type E2ePage } from './helpers/pages.ts';

describe('live captions in the browser', () => {
  let t: TestApp;
  let browser: Browser;
  const pages: E2ePage[] = [];
  const sockets: TestClient[] = [];

  beforeAll(async () => {
    t = await startTestApp({ env: { CLIENT_DIR: clientDir(), MEDIA_ENABLED: 'false' } });
    browser = await launchBrowser();
  }, 120_000);
  beforeEach((ctx) => ctx.onTestFailed(() => saveFailureArtifacts(ctx.task.name, pages)));
  afterAll(async () => {
    sockets.forEach((s) => s.close());
    for (const p of pages) await p.context.close();
    await browser?.close();
    await t?.close();
  }, 60_000);

  const open = async (opts: Parameters<typeof newPage>[1] = {}) => {
    const p = await newPage(browser, opts);
    pages.push(p);
    return p;
  };

  it('shows the captioner’s lines on the citizen page and, once switched on from the console, on the room display', async () => {
    const { debateId, moderatorToken } = await liveDebate(t);
    const mod = await connect(t, moderatorToken);
    const speaker = await join(t, debateId, { displayName: 'Dominique' });
    const dominique = await connect(t, speaker.token);
    const link = await http(t, 'POST', `/api/debates/${debateId}/tokens/captioner`, { token: moderatorToken, body: {} });
    const captioner = await connect(t, link.body.token);
    const display = await admin(t, 'POST', `/api/debates/${debateId}/tokens/display`);
    sockets.push(mod, dominique, captioner);

    const citizen = await open({ mobile: true, viewport: { width: 390, height: 844 } });
    await joinAs(citizen, t.baseUrl, debateId, 'Camille');
    const room = await open({ viewport: { width: 1280, height: 720 } });
    await room.page.goto(`${t.baseUrl}/display/${debateId}#token=${display.body.token}`);
    await room.page.getByRole('heading', { name: 'Budget participatif' }).waitFor();
    const console = await open({ viewport: { width: 1400, height: 900 } });
    await console.page.goto(`${t.baseUrl}/moderate/${debateId}#token=${moderatorToken}`);

    await dominique.ok('queue:raise', { mode: 'oral', group: 'pour' });
    await mod.ok('floor:grant', { participantId: speaker.participantId });
    await captioner.ok('caption:write', { text: 'Bonsoir à toutes et à tous.' });

    const captions = citizen.page.getByTestId('captions');
    await captions.getByText('Bonsoir à toutes et à tous.').waitFor();
    expect(await captions.locator('.captions__speaker').first().textContent()).toBe('Dominique\u00a0:');
    // Announced once, by the polite log region; the lines themselves are hidden from it.
    const region = citizen.page.locator('[role="log"][aria-live="polite"]');
    await expect.poll(() => region.textContent()).toBe('Dominique\u00a0: Bonsoir à toutes et à tous.');
    expect(await captions.getAttribute('aria-hidden')).toBe('true');

    await citizen.page.getByLabel('Taille du texte').selectOption('xlarge');
    await citizen.page.getByLabel('Contraste élevé').check();
    expect(await captions.getAttribute('class')).toBe('captions captions--xlarge captions--contrast');
    await shoot(citizen.page, 'captions-citizen');

    // The room display shows none until the console switches them on.
    expect(await room.page.getByTestId('display-captions').count()).toBe(0);
    await console.page.getByLabel('Sous-titres sur l’écran de salle').check();
    await mod.waitForEvent('caption:display', (e) => e.payload.on === true);
    await captioner.ok('caption:write', { text: 'Nous votons le budget ce soir.' });
    const lines = room.page.getByTestId('display-captions');
    await lines.getByText('Nous votons le budget ce soir.').waitFor();
    expect(await lines.locator('.captions__line').count()).toBe(2);
    await shoot(room.page, 'captions-display');

    // The reader's settings stay with this browser: after a reload, still very large and contrasted.
    await citizen.page.reload();
    await citizen.page.getByTestId('captions').waitFor();
    expect(await citizen.page.getByTestId('captions').getAttribute('class')).toBe('captions captions--xlarge captions--contrast');
  });
});
