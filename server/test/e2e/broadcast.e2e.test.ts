// The broadcast on the citizen page, in headless Chromium against the real app (built
// client, mediasoup worker, FFmpeg): a viewer who picked "économie de données" plays the
// program's HLS with hls.js (no WebRTC consumer), is told the delay in words, sees the
// speaker's name and the countdown change with the picture (the page holds its state back
// by the measured delay: checked against the frames on screen and hls.js' playingDate,
// within a segment); given the floor, the page switches to WebRTC and publishes, and goes
// back to HLS when the turn ends.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app.ts';
import { launchBrowser, openPage } from '../helpers/browser.ts';
import type { RtpSource } from '../media/rtp-source.ts';
import { cast, grantFloor, startMediaApp, type Cast } from '../media/server-helpers.ts';
import { broadcastPush, speakerSource } from '../broadcast/helpers.ts';
import { until as untilTrue } from './helpers/pages.ts';

const until = <T,>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 45_000): Promise<T> => untilTrue(what, probe, timeoutMs);

interface MediaHook {
  stats(): Promise<{ status: string; received: unknown[] }>;
  published(): string[];
}
const hook = <T,>(page: Page, fn: (h: MediaHook) => T | Promise<T>) =>
  page.evaluate(async (src) => {
    const h = (globalThis as unknown as { __tribuneMedia?: MediaHook }).__tribuneMedia;
    return h ? (new Function('h', `return (${src})(h)`) as (h: MediaHook) => unknown)(h) : null;
  }, fn.toString()) as Promise<T | null>;

const hlsPlaying = (page: Page) =>
  page.evaluate(() => {
    interface Video {
      src: string;
      currentTime: number;
      readyState: number;
      getVideoPlaybackQuality(): { totalVideoFrames: number };
    }
    const doc = (globalThis as unknown as { document: { querySelector(s: string): Video | null } }).document;
    const v = doc.querySelector('[data-testid="hls-video"]');
    if (!v) return null;
    return { mse: v.src.startsWith('blob:'), time: v.currentTime, frames: v.getVideoPlaybackQuality().totalVideoFrames, ready: v.readyState };
  });

/** One HLS segment (media/broadcast/hls-args.ts) plus the player's 500 ms report period. */
const SYNC_TOLERANCE_MS = 1000 + 500;

interface SyncWatch {
  pictures: { at: number; dark: boolean; pdt: number | null }[];
  names: { at: number; name: string | null; pdt: number | null }[];
  countdowns: { at: number; serverNow: number; deadline: number; pdt: number | null }[];
}

/**
 * Runs in the page (a string: tsx's helpers do not exist there). Every 20 ms, a new frame
 * on screen is drawn to an 8×8 canvas: its mean red says test pattern (bright) or black;
 * each change is noted with the page's clock and hls.js' playingDate. A MutationObserver
 * notes each change of the speaker's name and each render of the countdown.
 */
const SYNC_WATCH = `(() => {
  const video = document.querySelector('[data-testid="hls-video"]');
  video.scrollIntoView();
  const canvas = document.createElement('canvas');
  canvas.width = 8;
  canvas.height = 8;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  const pdt = () => globalThis.__tribuneHls?.playingDate() ?? null;
  const w = { pictures: [], names: [], countdowns: [] };
  let dark = null;
  let last = -1;
  setInterval(() => {
    if (video.readyState < 2 || video.currentTime === last) return;
    last = video.currentTime;
    ctx.drawImage(video, 0, 0, 8, 8);
    const px = ctx.getImageData(0, 0, 8, 8).data;
    let sum = 0;
    for (let i = 0; i < px.length; i += 4) sum += px[i];
    const isDark = sum / (px.length / 4) < 40;
    if (isDark !== dark) w.pictures.push({ at: Date.now(), dark: isDark, pdt: pdt() });
    dark = isDark;
  }, 20);
  let name = document.querySelector('.speaker__name')?.textContent ?? null;
  new MutationObserver(() => {
    const n = document.querySelector('.speaker__name')?.textContent ?? null;
    if (n !== name) w.names.push({ at: Date.now(), name: n, pdt: pdt() });
    name = n;
    const c = document.querySelector('.countdown');
    if (c && c.dataset.deadline && w.countdowns.length < 500) {
      w.countdowns.push({ at: Date.now(), serverNow: Number(c.dataset.serverNow), deadline: Number(c.dataset.deadline), pdt: pdt() });
    }
  }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  globalThis.__syncWatch = w;
})()`;

describe('the broadcast on the citizen page', { timeout: 240_000 }, () => {
  let t: TestApp;
  let k: Cast;
  let browser: Browser;
  const sources: RtpSource[] = [];

  beforeAll(async () => {
    t = await startMediaApp(48_800, { BROADCAST_AUTOSTART: 'true' });
    k = await cast(t);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    for (const s of sources) s.stop();
    k?.close();
    await t?.close();
  });

  it('plays HLS with hls.js, says the delay, holds the speaker back, and goes WebRTC with the floor', async () => {
    await grantFloor(k, k.speaker);
    sources.push(await speakerSource(t, k.debateId, k.speaker, 'speaker', { pattern: 'testsrc', size: '320x240', freq: 440 }));
    await broadcastPush(k.moderator, (p) => p.live);

    const { page } = await openPage(browser);
    await page.addInitScript(() => (globalThis as unknown as { localStorage: { setItem(k: string, v: string): void } }).localStorage.setItem('tribune.dataSaver', '1'));
    await page.goto(`${t.baseUrl}/d/${k.debateId}`);
    await page.getByLabel('Nom affiché').fill('Zoé');
    await page.getByRole('button', { name: 'Rejoindre' }).click();
    await page.getByText('Vous participez en tant que Zoé.').waitFor({ timeout: 20_000 });

    // hls.js (Media Source Extensions: a blob: source) decodes the program.
    const playing = await until('the HLS program to play', async () => {
      const s = await hlsPlaying(page);
      return s && s.mse && s.time > 1 && s.frames > 20 ? s : null;
    });
    expect(playing.ready).toBeGreaterThanOrEqual(2);
    expect(await page.getByRole('checkbox', { name: /Économie de données/ }).isChecked()).toBe(true);
    const said = await until('the delay in words', async () => {
      const text = await page.getByTestId('hls-delay').textContent();
      return text && /environ \d+\ssecondes de retard/.test(text) ? text : null;
    });
    expect(said).toContain('Économie de données activée.');
    const seconds = Number(/environ (\d+)\ssecondes/.exec(said)![1]);
    expect(seconds).toBeGreaterThanOrEqual(1);
    expect(seconds).toBeLessThan(20);
    // Nothing of the program over WebRTC for this viewer.
    expect(await hook(page, (h) => h.stats().then((s) => s.received.length))).toBe(0);

    // Another speaker: the live view has them at once, the page when the frame being played
    // is the grant's. A watcher in the page notes, on the page's clock, each change of the
    // picture on screen (test pattern or black) and of the name, each with the program
    // date-time of the frame being played (hls.js `playingDate`), and the countdown's shown
    // server instant on each render.
    await page.locator('.speaker__name').waitFor();
    const before = (await page.locator('.speaker__name').textContent())!;
    await page.evaluate(SYNC_WATCH);
    const watch = () => page.evaluate('globalThis.__syncWatch') as Promise<SyncWatch>;
    await k.moderator.ok('floor:end', {});
    await grantFloor(k, k.citizen);
    const toCamille = await k.moderator.waitForEvent('floor:granted', (e) => e.payload.participantId === k.citizen.participantId);
    expect(await page.locator('.speaker__name').textContent()).toBe(before);
    // A participant publishes once given the floor: their black picture comes after the grant.
    sources.push(await speakerSource(t, k.debateId, k.citizen, 'participant', { pattern: 'color', size: '320x240', freq: 880 }));
    const camille = await until('Camille shown, then her black picture', async () => {
      const seen = await watch();
      const name = seen.names.find((n) => n.name?.includes('Camille'));
      return name && seen.pictures.at(-1)?.dark ? name : null;
    });
    expect(camille.pdt, 'playingDate when the name changed').not.toBeNull();
    const offGrant = camille.pdt! - toCamille.payload.grantedAt;
    expect(Math.abs(offGrant), `frame at grant ${offGrant >= 0 ? '+' : ''}${offGrant} ms when the name changed`).toBeLessThanOrEqual(SYNC_TOLERANCE_MS);

    // Back to the invited speaker, whose test pattern never stopped: the picture changes at
    // the grant (plus the switch), and so must the name and the countdown.
    const mark = (await watch()).pictures.length;
    await k.moderator.ok('floor:end', {});
    await grantFloor(k, k.speaker);
    const toAlice = await k.moderator.waitForEvent('floor:granted', (e) => e.seq > toCamille.seq && e.payload.participantId === k.speaker.participantId);
    const w = await until('the test pattern and the name back on the page', async () => {
      const seen = await watch();
      const picture = seen.pictures.slice(mark).find((p) => !p.dark);
      const name = seen.names.find((n) => n.at > camille.at && n.name === before);
      return picture && name ? { seen, picture, name } : null;
    });
    // The page follows the program's clock: the name changed when the frame being played
    // was the grant's (within a segment). The program itself switches a little after the
    // grant (consumer resumed, a keyframe, the encoder): the new picture may come that much
    // after the name, never a segment before it.
    const offAlice = w.name.pdt! - toAlice.payload.grantedAt;
    expect(Math.abs(offAlice), `frame at grant ${offAlice >= 0 ? '+' : ''}${offAlice} ms when the name changed`).toBeLessThanOrEqual(SYNC_TOLERANCE_MS);
    const apart = w.name.at - w.picture.at;
    const switched = (w.picture.pdt ?? NaN) - toAlice.payload.grantedAt;
    expect(apart, `name shown ${apart} ms after the picture changed (its frame at grant + ${switched} ms)`).toBeLessThanOrEqual(SYNC_TOLERANCE_MS);
    // On the picture's own clock: the grant's frame was on screen when the name changed.
    const grantOnScreen = w.picture.at - switched;
    expect(Math.abs(w.name.at - grantOnScreen), `name ${w.name.at - grantOnScreen} ms off the grant's frame on screen`).toBeLessThanOrEqual(SYNC_TOLERANCE_MS);
    // The countdown of that turn counts from the frame being played, from its start.
    const ticks = w.seen.countdowns.filter((c) => c.deadline === toAlice.payload.deadline && c.pdt !== null);
    expect(ticks.length).toBeGreaterThan(0);
    for (const c of ticks) expect(Math.abs(c.serverNow - c.pdt!), `countdown at ${c.serverNow}, frame at ${c.pdt}`).toBeLessThanOrEqual(SYNC_TOLERANCE_MS);
    expect(ticks[0]!.deadline - ticks[0]!.serverNow).toBeGreaterThan(toAlice.payload.allottedMs - SYNC_TOLERANCE_MS);
    await k.moderator.ok('floor:end', {});

    // Zoé asks for the floor from the page and is given it: WebRTC, publishing.
    await page.locator('#hand-group').selectOption('pour');
    await page.getByRole('button', { name: 'Lever la main (à l’oral)' }).click();
    await page.getByRole('button', { name: 'J’ai compris, demander la parole' }).click();
    const raised = await k.moderator.waitForEvent('queue:raised', (e) => e.payload.entry.name === 'Zoé', 20_000);
    await k.moderator.ok('floor:grant', { participantId: raised.payload.entry.participantId, seconds: 60 });
    // She confirmed the notice when raising her hand: on air without another dialog.
    await page.locator('.on-air__label', { hasText: 'Vous avez la parole.' }).waitFor({ timeout: 20_000 });
    await until('the page to publish over WebRTC', async () => ((await hook(page, (h) => h.published().length)) ?? 0) === 2);
    expect(await page.getByTestId('hls-video').count()).toBe(0);

    // The turn over: back to the broadcast.
    await k.moderator.ok('floor:end', {});
    await until('HLS again', async () => {
      const s = await hlsPlaying(page);
      return s && s.mse && s.frames > 5;
    });
  });
});
