// The broadcast on the citizen page, in headless Chromium against the real app (built
// client, mediasoup worker, FFmpeg): a viewer who picked "économie de données" plays the
// program's HLS with hls.js (no WebRTC consumer), is told the delay in words, sees the
// speaker's name change only once the picture has (the page holds its state back by the
// measured delay); given the floor, the page switches to WebRTC and publishes, and goes
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

    // Another speaker: the live view has it at once, the page only after its delay.
    await page.locator('.speaker__name').waitFor();
    const before = await page.locator('.speaker__name').textContent();
    await k.moderator.ok('floor:end', {});
    await grantFloor(k, k.citizen);
    const grantedAt = Date.now();
    expect(await page.locator('.speaker__name').textContent()).toBe(before);
    await page.locator('.speaker__name', { hasText: 'Camille' }).waitFor({ timeout: 30_000 });
    const shownAfter = Date.now() - grantedAt;
    expect(shownAfter, `shown ${shownAfter} ms after the grant, delay said ${seconds} s`).toBeGreaterThan(500);
    await k.moderator.ok('floor:end', {});

    // Zoé asks for the floor from the page and is given it: WebRTC, publishing.
    await page.locator('#hand-group').selectOption('pour');
    await page.getByRole('button', { name: 'Lever la main (à l’oral)' }).click();
    await page.getByRole('button', { name: 'J’ai compris, demander la parole' }).click();
    const raised = await k.moderator.waitForEvent('queue:raised', (e) => e.payload.entry.name === 'Zoé', 20_000);
    await k.moderator.ok('floor:grant', { participantId: raised.payload.entry.participantId, seconds: 60 });
    await page.getByText('Vous avez la parole : vous êtes à l’antenne.').waitFor({ timeout: 20_000 });
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
