// A whole debate in Chromium, through the real pages of a real Tribune: the organizer
// creates and starts it on /admin and opens the moderator console from there; the room
// display (its clock deliberately 90 s off) shows the QR code; two citizens join from
// /d/:id; one asks for the floor and gets it with a short hard turn: she publishes her
// camera, the display shows her video, her name and a countdown that agrees with the
// server within 50 ms, then shows the turn running out; a poll is opened, both vote,
// the display shows the result; a citizen who loses her connection is told, comes back
// with her place in the queue and her ballot, and so does a reload; the debate ends and
// the archive shows the timeline and exports. Then the archive's player: a file made by
// FFmpeg is served by ranges and seeked turn by turn, and the debate's own recording
// (written by the server while she spoke) plays from her turn.
// Screenshots of every page go to test-results/screenshots/ (and SCREENSHOTS_DIR).
import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, type TestApp } from '../helpers/app.ts';
import { launchBrowser } from '../helpers/browser.ts';
import { http } from '../helpers/clients.ts';
import type { DebateReport } from '../../src/protocol/rest.ts';
import { parseCsv } from '../helpers/csv.ts';
import { endedDebate, recordingFile } from './helpers/debates.ts';
import { countdownSample, joinAs, openPollForm, timeline } from './helpers/steps.ts';
import { debateIdOnAdmin, issueLink, newPage, saveFailureArtifacts, shoot, signInOrganizer, startE2eApp, until, waitForAnnouncement, type E2ePage } from './helpers/pages.ts';

const TITLE = 'Budget participatif 2027';
const QUESTION = 'Faut-il piétonniser la place du marché ?';
/** The display's clock is this far ahead of the server's: its countdown must not be. */
const SKEW_MS = 90_123;
const TURN_SECONDS = 12;

describe('a whole debate in the browser', () => {
  let t: TestApp;
  let browser: Browser;
  const pages: E2ePage[] = [];
  /** The debate the first test ran, for the recording test. */
  let ended: { debateId: string; page: Page } | null = null;

  beforeAll(async () => {
    t = await startE2eApp(45_000);
    browser = await launchBrowser();
  }, 120_000);
  // What the pages showed when a test failed, next to the screenshots.
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

  it('from the organizer page to the archive', async () => {
    // ---- The organizer: home → organizers' area → create (announced) → start → links.
    const org = await open();
    await org.page.goto(`${t.baseUrl}/`);
    await org.page.getByRole('heading', { name: 'Débats publics', level: 1 }).waitFor();
    await org.page.getByRole('link', { name: 'Espace organisateurs' }).click();
    await org.page.waitForURL('**/admin');
    await signInOrganizer(org.page, t.baseUrl);
    const form = org.page.locator('form').filter({ has: org.page.getByRole('button', { name: 'Créer le débat' }) });
    await form.getByLabel('Titre', { exact: true }).fill(TITLE);
    await form.getByLabel('Description (facultatif)').fill('Quels projets financer l’an prochain ? Débat public ouvert à toutes et à tous.');
    await form.getByLabel('Lieu (facultatif)').fill('Salle du conseil municipal');
    await form.getByLabel('Durée prévue (minutes)').fill('90');
    for (const [n, name] of [[1, 'Pour'], [2, 'Contre']] as const) {
      await form.getByRole('button', { name: 'Ajouter un camp' }).click();
      await form.getByLabel(`Nom du camp ${n}`).fill(name);
      await form.getByLabel('Quota (minutes, facultatif)').nth(n - 1).fill('10');
    }
    await form.getByLabel('Durée d’une intervention (secondes)').fill('60');
    await form.getByLabel('Alertes avant la fin (secondes)').fill('8, 4');
    await form.getByLabel('la parole est coupée').check();
    await shoot(org.page, 'admin-form', { fullPage: true });
    await form.getByRole('button', { name: 'Créer le débat' }).click();
    await org.page.getByRole('status').filter({ hasText: `Débat « ${TITLE} » créé.` }).waitFor();
    const card = org.page.getByRole('article', { name: TITLE });
    await card.locator('.status', { hasText: 'Annoncé' }).waitFor();
    const debateId = await debateIdOnAdmin(org.page, TITLE);
    await card.getByRole('button', { name: /Ouvrir le débat/ }).click();
    await card.getByRole('button', { name: 'Oui, ouvrir le débat' }).click();
    await card.locator('.status', { hasText: 'En direct' }).waitFor();
    const consoleUrl = await issueLink(org.page, TITLE, /Lien de la console de modération/, /Lien de la console de modération/);
    const displayUrl = await issueLink(org.page, TITLE, /Lien de l’écran de salle/, /Lien de l’écran de salle/);
    await shoot(org.page, 'admin');
    const created = (await http(t, 'GET', `/api/debates/${debateId}`, { token: ADMIN_TOKEN })).body.debate;
    expect(created.modalities).toMatchObject({
      groups: [{ id: 'pour', name: 'Pour', quotaSeconds: 600 }, { id: 'contre', name: 'Contre', quotaSeconds: 600 }],
      turn: { defaultSeconds: 60, warningSeconds: [8, 4], expiry: 'hard' },
      joinPolicy: 'open',
    });
    expect(created.status).toBe('live');

    // ---- The moderator console, the room display (clock 90 s ahead) and two citizens.
    const mod = org;
    await mod.page.goto(consoleUrl);
    await mod.page.getByRole('heading', { name: /État du débat\s: En direct/ }).waitFor();
    expect(mod.page.url(), 'the token leaves the address bar').not.toContain('token=');
    const display = await open({ clockSkewMs: SKEW_MS });
    await display.page.goto(displayUrl);
    await display.page.getByRole('img', { name: /QR code pour rejoindre le débat/ }).waitFor();
    await display.page.getByText(`/d/${debateId}`).waitFor();
    await shoot(display.page, 'display-qr');
    const camille = await open({ viewport: { width: 390, height: 844 }, mobile: true });
    await joinAs(camille, t.baseUrl, debateId, 'Camille', 'citizen-join-mobile');
    // Dominique will lose her connection: the browser logs the requests that fail meanwhile.
    const dominique = await open({ expectedErrors: [/ERR_INTERNET_DISCONNECTED/, /WebSocket connection to .* failed/] });
    // Dominique comes from the home page, where the debate is listed as live.
    await dominique.page.goto(`${t.baseUrl}/`);
    await dominique.page.getByRole('link', { name: TITLE, exact: true }).waitFor();
    await shoot(dominique.page, 'home');
    await dominique.page.getByRole('link', { name: `Participer en direct : ${TITLE}` }).click();
    await dominique.page.waitForURL(`**/d/${debateId}`);
    await joinAs(dominique, t.baseUrl, debateId, 'Dominique', undefined, false);

    // ---- Camille asks for the floor (oral, "pour"); the moderator gives it, short and hard.
    await camille.page.getByRole('region', { name: 'Demander la parole' }).getByLabel('Je m’exprime pour').selectOption('pour');
    await camille.page.getByRole('button', { name: 'Lever la main (à l’oral)' }).click();
    // Going on camera is announced first, and confirmed (once per debate and tab).
    const consent = camille.page.getByRole('dialog', { name: 'Avant de demander la parole à l’oral' });
    await consent.getByText('votre voix et votre image (si votre caméra est allumée) seront diffusées en direct et enregistrées').waitFor();
    await consent.getByRole('button', { name: 'J’ai compris, demander la parole' }).click();
    await camille.page.getByText('Vous êtes en position 1 dans la file (à l’oral).').waitFor();
    await mod.page.getByRole('button', { name: 'Donner la parole à Camille' }).waitFor();
    await display.page.locator('.display__next').getByText('Camille · Pour').waitFor();
    await shoot(mod.page, 'moderator-console');
    // At 1920×1080 the width is used: the floor, the queue and the media card side by
    // side, the recording controls in the window.
    await mod.page.setViewportSize({ width: 1920, height: 1080 });
    const rec = mod.page.locator('.media-console__recording[aria-labelledby="media-rec-title"]');
    await rec.waitFor({ timeout: 20_000 });
    const recBox = (await rec.boundingBox())!;
    expect(recBox.y + recBox.height, JSON.stringify(recBox)).toBeLessThanOrEqual(1080);
    const floorBox = (await mod.page.locator('.console__floor').boundingBox())!;
    const sideBox = (await mod.page.locator('.console__side').boundingBox())!;
    expect(sideBox.x).toBeGreaterThan(floorBox.x + floorBox.width);
    await shoot(mod.page, 'moderator-console-1920');
    await mod.page.setViewportSize({ width: 1280, height: 800 });
    // The length typed in the floor panel also applies to the queue's per-person button.
    await mod.page.getByLabel('Durée (secondes)').fill(String(TURN_SECONDS));
    await mod.page.getByRole('button', { name: 'Donner la parole à Camille' }).click();
    const granted = await until('floor:granted in the log', async () => (await timeline(t, debateId)).find((e) => e.type === 'floor:granted'));
    expect(granted.payload.allottedMs).toBe(TURN_SECONDS * 1000);
    const deadline = granted.payload.deadline as number;

    // The display: name and side as a lower third, a countdown on the server's clock.
    await display.page.locator('.lower-third').getByText('Camille').waitFor();
    await display.page.locator('.lower-third').getByText('Pour').waitFor();
    await display.page.getByRole('timer').waitFor();
    for (let i = 0; i < 5; i += 1) {
      const s = await countdownSample(display.page);
      expect(s.deadline).toBe(deadline);
      // Same machine: real server time = the page's skewed clock minus the skew.
      const error = s.serverNow - (s.localNow - SKEW_MS);
      expect(Math.abs(error), `countdown off the server clock by ${error} ms`).toBeLessThanOrEqual(50);
    }
    // Camille is on air: camera and microphone published, her video on the display.
    await camille.page.locator('.on-air__label', { hasText: 'Vous avez la parole.' }).waitFor();
    await camille.page.getByText('Vous êtes diffusé·e en direct.').waitFor({ timeout: 20_000 });
    await until('Camille’s video decoded on the display', () =>
      display.page.evaluate(() => {
        const v = (globalThis as any).document.querySelector('video[aria-label="Vidéo de Camille"]');
        return !!v && v.readyState >= 2 && v.videoWidth > 0;
      }),
    20_000);
    await shoot(display.page, 'display-speaker');
    // On her phone, her own preview and "mute my microphone" are in view without scrolling.
    await camille.page.evaluate(() => (globalThis as any).scrollTo(0, 0));
    const mute = await camille.page.getByRole('button', { name: 'Couper mon micro' }).boundingBox();
    expect(mute && mute.y + mute.height, 'the mute button above the fold').toBeLessThanOrEqual(844);
    await shoot(camille.page, 'citizen-on-air-mobile');
    // The warnings are announced (assertive for Camille, polite for the room).
    await waitForAnnouncement(display.page, /Plus que 8 secondes/);
    await waitForAnnouncement(camille.page, /Il vous reste 4 secondes/);

    // ---- The hard deadline: the turn expires; the display says so.
    await display.page.getByText('Fin de l’intervention de Camille.').first().waitFor({ timeout: 15_000 });
    await display.page.locator('.floor-status--expired').getByText('Temps écoulé').waitFor();
    expect(Date.now()).toBeGreaterThanOrEqual(deadline);
    await shoot(display.page, 'display-expired');
    const expired = (await timeline(t, debateId)).find((e) => e.type === 'floor:expired');
    expect(expired, 'floor:expired in the log').toBeDefined();
    await camille.page.getByRole('button', { name: 'Lever la main (à l’oral)' }).waitFor();

    // ---- A poll: created and opened from the console, both citizens vote, the display shows it.
    await openPollForm(mod.page);
    await mod.page.getByLabel('Question', { exact: true }).fill(QUESTION);
    await mod.page.getByLabel('Réponses possibles').fill('Oui\nNon\nSans avis');
    await mod.page.getByRole('button', { name: 'Créer le sondage' }).click();
    await waitForAnnouncement(display.page, /Nouveau sondage ouvert\s: Faut-il piétonniser/);
    for (const [who, choice] of [[camille, 'Oui'], [dominique, 'Non']] as const) {
      const ballot = who.page.getByRole('group', { name: QUESTION });
      await ballot.getByLabel(choice).check();
      await who.page.getByRole('button', { name: 'Voter' }).click();
      await who.page.getByText(`Vote enregistré : ${choice}.`).waitFor();
    }
    const poll = display.page.getByRole('region', { name: 'Sondage' });
    await poll.getByText('2 bulletins').waitFor();
    await poll.locator('.poll-results__row', { hasText: 'Oui' }).getByText(/1 voix · 50\s?%/).waitFor();
    await poll.locator('.poll-results__row', { hasText: 'Non' }).getByText(/1 voix · 50\s?%/).waitFor();
    await poll.locator('.poll-results__row', { hasText: 'Sans avis' }).getByText(/0 voix · 0\s?%/).waitFor();
    await shoot(display.page, 'display-poll');
    await camille.page.getByRole('region', { name: 'Sondages' }).scrollIntoViewIfNeeded();
    await shoot(camille.page, 'citizen-poll-mobile');

    // ---- Dominique loses her connection: told, back with her place and her ballot.
    await dominique.page.getByRole('button', { name: 'Lever la main (par écrit)' }).click();
    await dominique.page.getByText('Vous êtes en position 1 dans la file (par écrit).').waitFor();
    await dominique.context.setOffline(true);
    await dominique.page.getByText('Connexion perdue. Reconnexion en cours…').waitFor({ timeout: 30_000 });
    // Meanwhile the debate goes on: Camille queues behind her, a second poll opens.
    await camille.page.getByRole('button', { name: 'Lever la main (à l’oral)' }).click();
    await camille.page.getByText('Vous êtes en position 2 dans la file (à l’oral).').waitFor();
    await openPollForm(mod.page);
    await mod.page.getByLabel('Question', { exact: true }).fill('Un marché de nuit l’été ?');
    await mod.page.getByLabel('Réponses possibles').fill('Oui\nNon');
    await mod.page.getByRole('button', { name: 'Créer le sondage' }).click();
    await dominique.context.setOffline(false);
    await dominique.page.getByText('Connexion perdue. Reconnexion en cours…').waitFor({ state: 'detached', timeout: 30_000 });
    await dominique.page.getByText('Vous êtes en position 1 dans la file (par écrit).').waitFor();
    await dominique.page.getByText('Vote enregistré : Non.').waitFor();
    await dominique.page.getByRole('group', { name: 'Un marché de nuit l’été ?' }).waitFor();
    // A reload keeps the session too.
    await dominique.page.reload();
    await dominique.page.getByText('Vous participez en tant que Dominique.').waitFor();
    await dominique.page.getByText('Vous êtes en position 1 dans la file (par écrit).').waitFor();
    await dominique.page.getByText('Vote enregistré : Non.').waitFor();

    // ---- The end: polls are closed by it; the console leads to the archive.
    await mod.page.getByRole('button', { name: 'Clore le débat' }).click();
    await mod.page.getByRole('button', { name: 'Oui, clore le débat' }).click();
    await mod.page.getByRole('heading', { name: /État du débat\s: Terminé/ }).waitFor();
    await display.page.getByText('Terminé').first().waitFor();
    await waitForAnnouncement(dominique.page, /Le débat est terminé/);
    await mod.page.getByRole('link', { name: 'Voir l’archive' }).click();
    await mod.page.waitForURL(`**/archive/${debateId}`);

    // ---- The archive: the timeline of turns, the polls, exports.
    const archive = mod.page;
    const row = archive.getByRole('row', { name: /Camille/ });
    await row.getByText('temps écoulé').waitFor();
    await archive.getByRole('heading', { name: QUESTION }).waitFor();
    await archive.getByRole('button', { name: /^Camille, à / }).click();
    await archive.locator('tr.is-selected').getByRole('rowheader', { name: 'Camille' }).waitFor();
    await shoot(archive, 'archive-debate', { fullPage: true });
    const [download] = await Promise.all([archive.waitForEvent('download'), archive.getByRole('button', { name: 'Rapport complet (JSON)' }).click()]);
    const exported = JSON.parse(await readFile((await download.path())!, 'utf8')) as DebateReport;
    expect(exported.debate.title).toBe(TITLE);
    expect(exported.turns.map((x) => [x.speaker.name, x.endReason])).toEqual([['Camille', 'expired']]);
    expect(exported.polls.map((p) => p.question)).toEqual([QUESTION, 'Un marché de nuit l’été ?']);
    expect(exported.polls[0]!.results!.counts).toEqual([1, 1, 0]);
    const [csv] = await Promise.all([archive.waitForEvent('download'), archive.getByRole('button', { name: 'Interventions (CSV)' }).click()]);
    expect(csv.suggestedFilename()).toBe(`${debateId}-turns.csv`);
    // The French interface exports for a French spreadsheet: BOM, semicolons, French
    // headers and words, Paris times, decimal comma; it reads back as a table.
    const turnsCsv = await readFile((await csv.path())!, 'utf8');
    expect(turnsCsv.startsWith('\uFEFF')).toBe(true);
    const table = parseCsv(turnsCsv.slice(1), ';');
    expect(table[0]).toEqual(['Tour', 'Intervenant·e', 'Rôle', 'Camp', 'Mode', 'Début', 'Fin', 'Temps accordé (s)', 'Temps de parole (s)', 'Dépassement (s)', 'Fin du tour']);
    expect(table).toHaveLength(2);
    const [, turn] = table as [string[], string[]];
    expect([turn[1], turn[2], turn[3], turn[4], turn[10]]).toEqual(['Camille', 'Participant·e', 'Pour', 'Oral', 'Temps écoulé']);
    expect(turn[5]).toMatch(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2}$/);
    expect(turn[7]).toBe(String(TURN_SECONDS));
    expect(turn[8]).toMatch(/^\d+(,\d)?$/);
    // The international format is still offered.
    await archive.getByLabel('Format des fichiers CSV').selectOption('en');
    const [intl] = await Promise.all([archive.waitForEvent('download'), archive.getByRole('button', { name: 'Interventions (CSV)' }).click()]);
    const intlTable = parseCsv((await readFile((await intl.path())!, 'utf8')).slice(1), ',');
    expect(intlTable[0]![0]).toBe('turn_id');
    expect(intlTable[1]![10]).toBe('expired');

    await archive.goto(`${t.baseUrl}/archive`);
    await archive.getByRole('link', { name: TITLE, exact: true }).waitFor();
    await shoot(archive, 'archive-list');
    ended = { debateId, page: archive };

    for (const p of pages) expect(p.problems.join('\n'), 'console errors').toBe('');
  }, 300_000);

  it('the archive player serves a recording file by ranges and seeks to each turn', async () => {
    // A debate with two turns and a recording (made by FFmpeg, stored as the recorder
    // stores one) that began 2 s before the first turn.
    const debateId = await endedDebate(t, 'Plan local de mobilité');
    const before = (await http<DebateReport>(t, 'GET', `/api/debates/${debateId}/report`)).body;
    const recStart = before.turns[0]!.startedAt - 2000;
    await recordingFile(t, debateId, recStart, 8);
    const report = (await http<DebateReport>(t, 'GET', `/api/debates/${debateId}/report`)).body;
    expect(report.turns.map((x) => x.recording?.offsetMs)).toEqual(report.turns.map((x) => x.startedAt - recStart));
    const p = await open();
    await p.page.goto(`${t.baseUrl}/archive/${debateId}`);
    const video = p.page.locator('video.recording__video');
    await video.waitFor();
    await until('the recording’s metadata', () => video.evaluate((v: any) => v.readyState >= 1 && Math.abs(v.duration - 8) < 0.5));
    await p.page.getByText(/Début à .* durée 0:08\./).waitFor();
    // Where each seek landed, read when it completes: the video plays on afterwards, and a
    // slow poll (a loaded machine) would otherwise see it later than the turn.
    await video.evaluate((v: any) => {
      v.__seeks = [];
      v.addEventListener('seeked', () => v.__seeks.push(v.currentTime));
    });
    const seekedTo = (s: number) => video.evaluate((v: any, at: number) => v.__seeks.some((x: number) => Math.abs(x - at) < 0.25), s);
    const forgetSeeks = () => video.evaluate((v: any) => void (v.__seeks = []));
    for (const turn of report.turns) {
      const at = (turn.startedAt - recStart) / 1000;
      await forgetSeeks();
      await p.page.getByRole('button', { name: new RegExp(`^${turn.speaker.name}, à .* lire l’enregistrement$`) }).click();
      await until(`the player at ${at} s for ${turn.speaker.name}`, () => seekedTo(at));
      await p.page.locator('tr[aria-current="true"]').getByRole('rowheader', { name: turn.speaker.name }).waitFor();
      await waitForAnnouncement(p.page, new RegExp(`Lecture à partir de l’intervention de ${turn.speaker.name}`));
    }
    // The row's own button does the same (keyboard users land on the player).
    await video.evaluate((v: any) => v.pause());
    await forgetSeeks();
    await p.page.getByRole('button', { name: `Lire l’intervention de ${report.turns[0]!.speaker.name}` }).click();
    await until('the player back at the first turn', () => seekedTo(2));
    expect(await p.page.evaluate(() => (globalThis as any).document.activeElement?.tagName)).toBe('VIDEO');
    await video.evaluate((v: any) => v.pause());
    await shoot(p.page, 'archive-debate-player', { fullPage: true });
    // The file route answers ranges (what lets the browser seek).
    const url = report.recordings[0]!.url!;
    const ranged = await fetch(`${t.baseUrl}${new URL(url).pathname}`, { headers: { range: 'bytes=0-99' } });
    expect(ranged.status).toBe(206);
    expect((await ranged.arrayBuffer()).byteLength).toBe(100);
    expect(p.problems.join('\n')).toBe('');
  }, 120_000);

  it('the archive plays the debate’s recording from a turn of the timeline', async () => {
    expect(ended, 'the debate of the previous test').not.toBeNull();
    const { debateId, page } = ended!;
    // The recording is written by the server while Camille is on air, closed at the end.
    let last: unknown = null;
    const report = await until('a finished recording in the report', async () => {
      const r = await http<DebateReport>(t, 'GET', `/api/debates/${debateId}/report`);
      last = { recordings: r.body.recordings, events: (await timeline(t, debateId)).map((e) => e.type).filter((x) => x.startsWith('recording:')) };
      return r.body.recordings.length > 0 && r.body.recordings.every((x) => x.status !== 'recording') ? r.body : null;
    }, 30_000).catch((err: Error) => {
      throw new Error(`${err.message}: ${JSON.stringify(last)}`);
    });
    const turn = report.turns.find((x) => x.speaker.name === 'Camille')!;
    expect(turn.recording, JSON.stringify(report.recordings)).not.toBeNull();
    await page.goto(`${t.baseUrl}/archive/${debateId}`);
    const video = page.locator('video.recording__video');
    await video.waitFor();
    await until('the recording’s metadata', () => video.evaluate((v: any) => v.readyState >= 1 && v.duration > 0));
    await video.evaluate((v: any) => {
      v.__seeks = [];
      v.addEventListener('seeked', () => v.__seeks.push(v.currentTime));
    });
    await page.getByRole('button', { name: /^Camille, à .* lire l’enregistrement$/ }).click();
    const expectedAt = turn.recording!.offsetMs / 1000;
    await until(`the player at ${expectedAt} s`, () =>
      video.evaluate((v: any, at: number) => v.__seeks.some((x: number) => Math.abs(x - at) < 1), expectedAt),
    );
    await page.locator('tr[aria-current="true"]').getByRole('rowheader', { name: 'Camille' }).waitFor();
    await video.evaluate((v: any) => v.pause());
    await shoot(page, 'archive-debate-recording', { fullPage: true });
  }, 300_000);
});
