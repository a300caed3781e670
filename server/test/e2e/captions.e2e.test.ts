// Live captions in Chromium (media off: the engine path has its own integration test):
// a captioner's lines reach the citizen page — attributed to the speaker, with the
// reader's text size and contrast, announced once through a polite live region — and the
// room display, whose two lines at the bottom the console switches on.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, startTestApp, type TestApp } from '../helpers/app.ts';
import { launchBrowser } from '../helpers/browser.ts';
import { execFile } from 'node:child_process';
import { mkdir, stat } from 'node:fs/promises';
import { join as joinPath } from 'node:path';
import { promisify } from 'node:util';
import { admin, connect, http, join, liveDebate, type TestClient } from '../helpers/clients.ts';
import { finishRecording, insertRecording } from '../../src/db/recordings-repo.ts';
import { joinAs } from './helpers/steps.ts';
import { clientDir, newPage, saveFailureArtifacts, shoot, until, type E2ePage } from './helpers/pages.ts';

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
    const toggle = console.page.getByRole('button', { name: 'Sous-titres sur l’écran de salle' });
    expect(await toggle.getAttribute('aria-pressed')).toBe('false');
    await toggle.click();
    await mod.waitForEvent('caption:display', (e) => e.payload.on === true);
    await console.page.getByRole('button', { name: 'Sous-titres sur l’écran de salle', pressed: true }).waitFor();
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

  it('plays the recording with its WebVTT captions in the archive player; the transcript seeks it', async () => {
    const { debateId, moderatorToken } = await liveDebate(t);
    const mod = await connect(t, moderatorToken);
    const speaker = await join(t, debateId, { displayName: 'Dominique' });
    const dominique = await connect(t, speaker.token);
    const link = await http(t, 'POST', `/api/debates/${debateId}/tokens/captioner`, { token: moderatorToken, body: {} });
    const captioner = await connect(t, link.body.token);
    sockets.push(mod, dominique, captioner);
    // A recording that starts now: a real 20 s WebM file (Opus), its row complete.
    const startedAt = Date.now();
    const file = `recordings/${debateId}/rec_e2e.webm`;
    await mkdir(joinPath(t.config.dataDir, 'recordings', debateId), { recursive: true });
    await promisify(execFile)('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'sine=frequency=440:duration=20', '-c:a', 'libopus', '-y', joinPath(t.config.dataDir, file)]);
    await insertRecording(t.app.services.database, { id: 'rec_e2e', debateId, label: 'program', tracks: [{ kind: 'audio', mimeType: 'audio/opus' }], filePath: file, startedAt });
    await dominique.ok('queue:raise', { mode: 'oral', group: 'pour' });
    await mod.ok('floor:grant', { participantId: speaker.participantId });
    await captioner.ok('caption:write', { text: 'Nous votons le budget ce soir.' });
    await mod.ok('floor:end', {});
    await mod.ok('debate:end', {});
    const size = (await stat(joinPath(t.config.dataDir, file))).size;
    await finishRecording(t.app.services.database, 'rec_e2e', { status: 'complete', endedAt: startedAt + 20_000, sizeBytes: size, durationMs: 20_000 });

    const p = await open({ viewport: { width: 1280, height: 900 } });
    await p.page.goto(`${t.baseUrl}/archive/${debateId}`);
    const track = p.page.locator('video track[kind="captions"]');
    await track.waitFor({ state: 'attached' });
    expect(await track.getAttribute('src')).toBe(`/api/debates/${debateId}/recordings/rec_e2e/captions.vtt`);
    // The player loads the track (default, showing) and reads its cue.
    const cues = await until('the captions track to load', () =>
      p.page.evaluate(() => {
        const v = (globalThis as any).document.querySelector('video');
        const tt = v?.textTracks?.[0];
        return tt && tt.cues && tt.cues.length > 0 ? Array.from(tt.cues as ArrayLike<{ text: string; startTime: number }>).map((c) => c.text) : null;
      }),
    );
    expect(cues).toEqual(['<v Dominique>Nous votons le budget ce soir.']);

    const transcript = p.page.getByRole('region', { name: 'Transcription' });
    await transcript.getByText('Nous votons le budget ce soir.').waitFor();
    await transcript.getByRole('button', { name: /^Lire l’enregistrement à / }).click();
    const at = await until('the player to seek', () =>
      p.page.evaluate(() => {
        const v = (globalThis as any).document.querySelector('video');
        return v && v.currentTime > 0 ? v.currentTime : null;
      }),
    );
    expect(at).toBeGreaterThan(0);
    expect(at).toBeLessThan(20);
    await shoot(p.page, 'captions-archive');

    // The organizer, signed in on this tab, corrects the segment: a new event, the original kept.
    await p.page.evaluate((token) => (globalThis as any).sessionStorage.setItem('tribune.admin', token), ADMIN_TOKEN);
    await p.page.reload();
    const again = p.page.getByRole('region', { name: 'Transcription' });
    await again.getByRole('button', { name: 'Corriger' }).click();
    await again.getByLabel('Texte corrigé').fill('Nous votons le budget ce soir !');
    await again.getByRole('button', { name: 'Enregistrer la correction' }).click();
    await again.getByText('Nous votons le budget ce soir !').waitFor();
    await again.getByText('(corrigé)').waitFor();
    const log = await t.app.eventStore.load(debateId);
    const original = log.find((e) => e.type === 'caption:final')!;
    expect(log.at(-1)).toMatchObject({ type: 'caption:corrected', actor: { kind: 'admin' }, payload: { correctsSeq: original.seq, text: 'Nous votons le budget ce soir !' } });
    expect(original.payload).toMatchObject({ text: 'Nous votons le budget ce soir.' });
  });
});
