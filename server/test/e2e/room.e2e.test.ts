// Integrity of the room in Chromium: one browser is one participant (two tabs and a
// reload share one place in the queue and one ballot; another device takes it over with
// a transfer code), presence in the queue and "next" skipping the absent, an expired or
// revoked staff link saying so, and a guest coming back with the same invitation.
// Media is off: none of this needs it (the whole-debate test covers media).
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/clock.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { launchBrowser } from '../helpers/browser.ts';
import { admin, connect, join, liveDebate } from '../helpers/clients.ts';
import { joinAs } from './helpers/steps.ts';
import { clientDir, issueLink, newPage, raiseOralHand, saveFailureArtifacts, shoot, signInOrganizer, type E2ePage } from './helpers/pages.ts';

describe('integrity of the room in the browser', () => {
  let t: TestApp;
  let browser: Browser;
  const pages: E2ePage[] = [];
  /** The server's clock: moved past the presence grace period instead of waiting for it. */
  const clock = new FakeClock(Date.now());
  const GRACE_MS = 30_000;

  beforeAll(async () => {
    t = await startTestApp({ clock, env: { CLIENT_DIR: clientDir(), MEDIA_ENABLED: 'false', PRESENCE_GRACE_MS: String(GRACE_MS) } });
    browser = await launchBrowser();
  }, 120_000);
  beforeEach((ctx) => ctx.onTestFailed(() => saveFailureArtifacts(ctx.task.name, pages)));
  afterAll(async () => {
    for (const p of pages) await p.context.close();
    await browser?.close();
    await t?.close();
  }, 60_000);

  const open = async (opts: Parameters<typeof newPage>[1] = {}) => {
    const p = await newPage(browser, opts);
    pages.push(p);
    return p;
  };

  it('two tabs and a reload of one browser are one participant; a transfer code moves it', async () => {
    const { debateId, moderatorToken } = await liveDebate(t);
    const mod = await connect(t, moderatorToken);
    try {
      // Its tokens are refused once it has moved to the laptop (the page then says why).
      const tab1 = await open({ mobile: true, viewport: { width: 390, height: 844 }, expectedErrors: [/401|403|Unauthorized|Forbidden/] });
      await joinAs(tab1, t.baseUrl, debateId, 'Camille');
      await raiseOralHand(tab1.page);
      const queued = await mod.waitForEvent('queue:raised');
      const me = queued.payload.entry.participantId as string;

      // A second tab of the same browser: no join form, the same person, already queued.
      const tab2page = await tab1.context.newPage();
      await tab2page.goto(`${t.baseUrl}/d/${debateId}`);
      await tab2page.getByText('Vous participez en tant que Camille.').waitFor();
      expect(await tab2page.getByLabel('Nom affiché').count()).toBe(0);
      await tab2page.getByRole('button', { name: 'Baisser la main' }).waitFor();
      // A reload, with the token gone (as after its expiry): the credential brings her back.
      await tab1.page.evaluate((id) => {
        // Runs in the page (no DOM types in the server's tsconfig).
        const storage = (globalThis as any).localStorage;
        const k = `tribune.citizen.${id}`;
        storage.setItem(k, JSON.stringify({ ...JSON.parse(storage.getItem(k)), token: 'expired.token.value' }));
      }, debateId);
      await tab1.page.reload();
      await tab1.page.getByText('Vous participez en tant que Camille.').waitFor();
      await shoot(tab1.page, 'citizen-same-participant');
      const snapshot = await mod.ok('state:resync', {});
      expect(snapshot.state.turns.queue.map((e: any) => e.participantId)).toEqual([me]);

      // Another device: the code shown here lets it in as the same participant.
      await tab1.page.getByText('Utiliser sur un autre appareil').click();
      await tab1.page.getByRole('button', { name: 'Afficher un code de transfert' }).click();
      const shown = await tab1.page.locator('.transfer__code').textContent();
      const code = /: ([A-Z0-9]{4} [A-Z0-9]{4})/.exec(shown ?? '')![1]!;
      await tab1.page.locator('.transfer__code img').waitFor();
      await shoot(tab1.page, 'citizen-transfer-code');
      const laptop = await open();
      await laptop.page.goto(`${t.baseUrl}/d/${debateId}`);
      await laptop.page.getByLabel('Code de transfert').fill(code.toLowerCase());
      await laptop.page.getByRole('button', { name: 'Continuer ici' }).click();
      await laptop.page.getByText('Vous participez en tant que Camille.').waitFor();
      const after = await mod.ok('state:resync', {});
      expect(after.state.turns.queue.map((e: any) => e.participantId)).toEqual([me]);
      // Moving means moving: the phone's tabs lose the participation at once and say why.
      for (const page of [tab1.page, tab2page]) {
        await page.getByText(/n’est plus valable sur cet appareil \(transférée sur un autre appareil/).waitFor();
        await page.getByLabel('Nom affiché').waitFor();
      }
      await tab1.page.evaluate(() => (globalThis as any).scrollTo(0, 0));
      await shoot(tab1.page, 'citizen-moved-away');
    } finally {
      mod.close();
    }
  });

  it('the console shows who is away, and "next" passes over them, saying whom; participant list and guests panel', async () => {
    const { debateId, moderatorToken } = await liveDebate(t, { title: 'Plan vélo' });
    const ghost = await join(t, debateId, { displayName: 'Gaspard' });
    const here = await join(t, debateId, { displayName: 'Inès' });
    const g = await connect(t, ghost.token);
    const i = await connect(t, here.token);
    try {
      await g.ok('queue:raise', { mode: 'oral' });
      await i.ok('queue:raise', { mode: 'oral' });
      const mod = await open({ viewport: { width: 1366, height: 768 } });
      await mod.page.goto(`${t.baseUrl}/moderate/${debateId}#token=${moderatorToken}`);
      const queue = mod.page.locator('ol.queue');
      await queue.locator('li', { hasText: 'Gaspard' }).getByText('en ligne').waitFor();
      // Gaspard closes his tab; the queue says since when he is away.
      g.close();
      await queue.locator('li', { hasText: 'Gaspard' }).getByText(/absent·e depuis \d{2}:\d{2}/).waitFor();
      await queue.locator('li', { hasText: 'Inès' }).getByText('en ligne').waitFor();
      clock.advance(GRACE_MS + 1000);
      await mod.page.getByRole('button', { name: 'Donner la parole au suivant' }).click();
      await mod.page.locator('p.skipped').getByText('« Suivant » a passé Gaspard : absent·e depuis trop longtemps').waitFor();
      await i.waitForEvent('floor:granted', (e) => e.payload.participantId === here.participantId);
      // Still in the queue, and still his to be given by name.
      await queue.locator('li', { hasText: 'Gaspard' }).waitFor();
      await shoot(mod.page, 'console-presence-skipped');
      // The participant list: presence, role and place; the guests as their own panel.
      const people = mod.page.getByRole('region', { name: /^Participant·es/ });
      await people.getByText('1 en ligne sur 2').waitFor();
      await people.locator('li', { hasText: 'Gaspard' }).getByText(/absent·e depuis/).waitFor();
      await people.locator('li', { hasText: 'Inès' }).getByText('en ligne').waitFor();
      expect(await people.locator('li', { hasText: 'Gaspard' }).getByText('dans la file (position 1)').count()).toBe(1);
      await mod.page.getByRole('button', { name: 'Terminer l’intervention' }).click();
      const guests = mod.page.getByRole('region', { name: /^Invité·es/ });
      await guests.getByRole('button', { name: 'Donner la parole à Alice Martin' }).click();
      await i.waitForEvent('floor:granted', (e) => e.payload.participantId === 'guest_alice');
      await guests.locator('li', { hasText: 'Alice Martin' }).getByText('Mairie').waitFor();
      await shoot(mod.page, 'console-participants', { fullPage: true });
    } finally {
      g.close();
      i.close();
    }
  });

  it('an expired staff link says so; a link revoked from /admin closes the console with the reason', async () => {
    const title = 'Budget des quartiers';
    const { debateId } = await liveDebate(t, { title });
    const expired = t.app.tokens.sign({ sub: 'mod_expired', debateId, role: 'moderator', name: 'Modération' }, -3600);
    const old = await open();
    await old.page.goto(`${t.baseUrl}/moderate/${debateId}#token=${expired}`);
    await old.page.getByRole('alert').getByText(/Ce lien de modération a expiré le .+\./).waitFor();
    await old.page.getByText('Demandez-en un nouveau aux organisateurs').waitFor();
    await shoot(old.page, 'console-link-expired');

    // The organizer issues a console link, opens it, then revokes it from /admin.
    const org = await open();
    await signInOrganizer(org.page, t.baseUrl);
    const link = await issueLink(org.page, title, /^Lien de la console de modération/, /Lien de la console de modération \(personnel/);
    const consolePage = await open({ expectedErrors: [/401|Unauthorized/] });
    await consolePage.page.goto(link);
    await consolePage.page.getByRole('heading', { name: title, level: 1 }).waitFor();
    const card = org.page.getByRole('article', { name: title });
    await card.getByText('Liens de modération et d’écran déjà émis').click();
    await card.getByRole('button', { name: /^Révoquer le lien Modération/ }).last().click();
    await card.getByText(/révoqué le/).waitFor();
    await consolePage.page.getByRole('alert').getByText('Ce lien de modération a été révoqué par les organisateurs.').waitFor();
    await shoot(consolePage.page, 'console-link-revoked');
  });

  it('a guest reopening the invitation, or on a second device, is the same guest', async () => {
    const { debateId, moderatorToken } = await liveDebate(t, { title: 'Parc des Berges' });
    const inv = await admin(t, 'POST', `/api/debates/${debateId}/invitations`, { kind: 'speaker', guestId: 'alice' });
    const url = inv.body.joinUrl as string;
    const first = await open();
    await first.page.goto(url);
    await first.page.getByRole('button', { name: 'Rejoindre' }).click();
    await first.page.getByText('Vous participez en tant que Alice Martin.').waitFor();
    await raiseOralHand(first.page);
    await first.page.getByRole('button', { name: 'Baisser la main' }).waitFor();
    // Her laptop crashed: she opens the invitation again on her phone.
    const phone = await open({ mobile: true, viewport: { width: 390, height: 844 } });
    await phone.page.goto(url);
    await phone.page.getByRole('button', { name: 'Rejoindre' }).click();
    await phone.page.getByText('Vous participez en tant que Alice Martin.').waitFor();
    await phone.page.getByRole('button', { name: 'Baisser la main' }).waitFor();
    await shoot(phone.page, 'guest-rejoined');
    const mod = await connect(t, moderatorToken);
    try {
      expect(mod.snapshot.state.turns.queue.map((e: any) => e.participantId)).toEqual(['guest_alice']);
      await phone.page.getByRole('button', { name: 'Baisser la main' }).click();
      await phone.page.getByRole('button', { name: 'Lever la main (à l’oral)' }).waitFor();
      // The guests panel gives her the floor directly: no raised hand, so no notice
      // confirmed on this device yet. The phone asks before the camera opens; the laptop,
      // which confirmed when raising her hand, goes on air.
      await mod.ok('floor:grant', { participantId: 'guest_alice' });
      const ask = phone.page.getByRole('dialog', { name: 'Vous avez la parole : avant de passer à l’antenne' });
      await ask.getByText(/votre voix et votre image .* seront diffusées en direct et enregistrées/).waitFor();
      expect(await phone.page.locator('.media-publisher').count()).toBe(0);
      await first.page.locator('.media-publisher').waitFor();
      expect(await first.page.getByRole('dialog').count()).toBe(0);
      await shoot(phone.page, 'guest-floor-consent');
      await ask.getByRole('button', { name: 'J’ai compris, passer à l’antenne' }).click();
      await phone.page.locator('.media-publisher').waitFor();
      expect(await phone.page.getByRole('dialog').count()).toBe(0);
    } finally {
      mod.close();
    }
  });
});
