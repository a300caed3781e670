// Media end to end, in headless Chromium with fake camera and microphone, against the real
// app (built client, mediasoup worker): a citizen given the floor in oral mode publishes
// from the real citizen page; the room display and another citizen page receive and
// decode it (read from RTCPeerConnection stats through the page's debug hook); a citizen
// without the floor is refused; the hard deadline cuts the speaker's audio at the
// viewers; the debate's recording holds audio and video as long as it lasted.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH, launchBrowser, openPage } from '../helpers/browser.ts';
import { admin, connect, http, join, liveDebate, type TestClient } from '../helpers/clients.ts';
import { audioPayload, mediaClient, publish, startMediaApp, type MediaClient } from '../media/server-helpers.ts';
import { resolveMediaTool } from '../../../media/recording/binaries.ts';
import type { RecordingDto } from '../../src/protocol/recordings.ts';
import { shoot, until as untilTrue } from './helpers/pages.ts';

const run = promisify(execFile);

interface Received {
  producerId: string;
  participantId: string;
  kind: 'audio' | 'video';
  packetsReceived: number;
  bytesReceived: number;
  framesDecoded: number;
}
interface PageStats {
  status: string;
  received: Received[];
  sent: { producerId: string; kind: string; packetsSent: number }[];
}

/** The client's debug hook (client/src/lib/media/use-media.ts), as seen from a test. */
interface MediaHook {
  stats(): Promise<PageStats>;
  published(): string[];
}
const stats = (page: Page): Promise<PageStats> =>
  page.evaluate(async () => {
    const hook = (globalThis as unknown as { __tribuneMedia?: MediaHook }).__tribuneMedia;
    return hook ? hook.stats() : { status: 'no-hook', received: [], sent: [] };
  });

const published = (page: Page): Promise<string[]> =>
  page.evaluate(() => (globalThis as unknown as { __tribuneMedia?: MediaHook }).__tribuneMedia?.published() ?? []);

/** Sum of a counter over what a page receives from one participant. */
const total = (s: PageStats, from: string, kind: 'audio' | 'video', field: 'packetsReceived' | 'framesDecoded') =>
  s.received.filter((r) => r.participantId === from && r.kind === kind).reduce((n, r) => n + r[field], 0);

/** The shared poll, with a longer default: media takes its time on a loaded machine. */
const until = <T,>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 30_000): Promise<T> =>
  untilTrue(what, probe, timeoutMs);

/** A counter keeps growing at a page: two samples, `gapMs` apart, the second larger. */
async function grows(page: Page, from: string, kind: 'audio' | 'video', field: 'packetsReceived' | 'framesDecoded', timeoutMs = 45_000) {
  await until(`${kind} ${field} from ${from} to grow`, async () => {
    const a = total(await stats(page), from, kind, field);
    await new Promise((r) => setTimeout(r, 700));
    const b = total(await stats(page), from, kind, field);
    return a > 0 && b > a;
  }, timeoutMs);
}

async function joinFromPage(page: Page, baseUrl: string, debateId: string, name: string): Promise<void> {
  await page.goto(`${baseUrl}/d/${debateId}`);
  await page.getByLabel('Nom affiché').fill(name);
  await page.getByRole('button', { name: 'Rejoindre' }).click();
  await page.getByText(`Vous participez en tant que ${name}.`).waitFor({ timeout: 20_000 });
}

describe('media in the browser', () => {
  let t: TestApp;
  let browser: Browser;
  const sockets: TestClient[] = [];

  beforeAll(async () => {
    t = await startMediaApp(44_000);
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    for (const s of sockets) s.close();
    await browser?.close();
    await t?.close();
  }, 60_000);

  it('a citizen with the floor is seen and heard by the display and another citizen until the hard deadline; the recording has both tracks', async () => {
    const turnSeconds = 30;
    const d = await liveDebate(t, { modalities: { turn: { defaultSeconds: turnSeconds, warningSeconds: [10], expiry: 'hard' } } });
    const moderator: MediaClient = await mediaClient(t, d.moderatorToken, 'moderator');
    sockets.push(moderator);

    // The room display and two citizens, each in their own browser context.
    const display = await openPage(browser);
    const token = (await admin(t, 'POST', `/api/debates/${d.debateId}/tokens/display`)).body.token as string;
    await display.page.goto(`${t.baseUrl}/display/${d.debateId}#token=${token}`);
    const speaker = await openPage(browser);
    await joinFromPage(speaker.page, t.baseUrl, d.debateId, 'Camille');
    const viewer = await openPage(browser);
    await joinFromPage(viewer.page, t.baseUrl, d.debateId, 'Dominique');
    for (const p of [display.page, speaker.page, viewer.page]) {
      await until('the media session to be ready', async () => (await stats(p)).status === 'ready', 30_000);
    }

    // Camille asks for the floor from the page; the moderator gives it.
    await speaker.page.locator('#hand-group').selectOption('pour');
    await speaker.page.getByRole('button', { name: 'Lever la main (à l’oral)' }).click();
    await speaker.page.getByRole('button', { name: 'J’ai compris, demander la parole' }).click();
    const raised = await moderator.waitForEvent('queue:raised', (e) => e.payload.entry.name === 'Camille', 20_000);
    const camille = raised.payload.entry.participantId as string;
    await moderator.ok('floor:grant', { participantId: camille, seconds: turnSeconds });
    const granted = await moderator.waitForEvent('floor:granted', (e) => e.payload.participantId === camille);
    const deadline = granted.payload.deadline as number;

    // The page publishes by itself: microphone and camera.
    await speaker.page.locator('.on-air__label', { hasText: 'Vous avez la parole.' }).waitFor({ timeout: 20_000 });
    const producerIds = await until('two producers from the citizen page', async () => {
      const ids = await published(speaker.page);
      return ids.length === 2 ? ids : null;
    });
    await until('the program to be Camille', async () => moderator.pushes.some((p) => p.event === 'media:program' && p.payload.participantId === camille && p.payload.producerIds.length === 2));

    // Both viewers decode the picture and receive the voice.
    for (const p of [display.page, viewer.page]) {
      await grows(p, camille, 'video', 'framesDecoded');
      await grows(p, camille, 'audio', 'packetsReceived');
    }
    await display.page.getByLabel('Vidéo de Camille').waitFor({ state: 'visible', timeout: 10_000 });
    await viewer.page.getByText('À l’antenne : Camille').waitFor({ state: 'visible', timeout: 10_000 });

    // A citizen without the floor cannot publish.
    const eve = await join(t, d.debateId, { displayName: 'Eve' });
    const eveSocket = await connect(t, eve.token);
    sockets.push(eveSocket);
    const send = await eveSocket.ok('media:transport:create', { direction: 'send' });
    expect(await eveSocket.refused('media:produce', audioPayload(send.id))).toBe('MEDIA_NOT_ALLOWED');

    // The hard deadline: the viewers' audio from Camille stops growing within a second.
    const msLeft = deadline - Date.now();
    expect(msLeft, 'the turn must still be running for the cut to be observed').toBeGreaterThan(2_000);
    const samples: { at: number; display: number; viewer: number }[] = [];
    while (Date.now() < deadline + 4_000) {
      const [a, b] = await Promise.all([stats(display.page), stats(viewer.page)]);
      samples.push({ at: Date.now(), display: total(a, camille, 'audio', 'packetsReceived'), viewer: total(b, camille, 'audio', 'packetsReceived') });
      await new Promise((r) => setTimeout(r, 150));
    }
    for (const who of ['display', 'viewer'] as const) {
      const before = samples.filter((s) => s.at < deadline - 500);
      expect(before.at(-1)![who], `${who} received audio before the deadline`).toBeGreaterThan(before[0]![who]);
      // After deadline + 1 s nothing more arrives (a closed consumer reads as 0: not more either).
      const after = samples.filter((s) => s.at > deadline + 1_000);
      expect(after.length).toBeGreaterThan(3);
      for (const s of after) expect(s[who], `${who} audio after the deadline`).toBeLessThanOrEqual(after[0]![who]);
    }
    const cut = moderator.pushes.find(
      (p) => (p.event === 'media:producer:paused' || p.event === 'media:producer:closed') && producerIds.includes(p.payload.producerId),
    );
    expect(cut, 'the server cut the producers').toBeDefined();
    expect(cut!.payload.at - deadline).toBeLessThan(500);
    // The citizen page knows the turn ended and stops its camera.
    await until('the citizen page to stop publishing', async () => (await published(speaker.page)).length === 0);

    // The recording (automatic, GET /api/debates/:id/recordings): once the debate ended,
    // complete, with audio and video, as long as the wall time it covers (within 5 %).
    expect((await admin(t, 'POST', `/api/debates/${d.debateId}/end`)).status).toBe(200);
    let seen: unknown = null;
    const recordings = await until('a complete recording', async () => {
      const res = await http<{ recordings: RecordingDto[] }>(t, 'GET', `/api/debates/${d.debateId}/recordings`);
      seen = res.body;
      const list = res.status === 200 ? res.body.recordings : [];
      return list.length > 0 && list.every((r) => r.status !== 'recording') ? list : null;
    }, 30_000).catch((err: Error) => {
      const pushes = moderator.pushes.filter((p) => p.event === 'media:recording').map((p) => p.payload);
      throw new Error(`${err.message}; last answer: ${JSON.stringify(seen)}; media:recording pushes: ${JSON.stringify(pushes)}`);
    });
    const withVideo = recordings.filter((r) => r.tracks.some((k) => k.kind === 'video'));
    expect(withVideo.length, JSON.stringify(recordings)).toBeGreaterThan(0);
    for (const rec of withVideo) {
      expect(rec.status).toBe('complete');
      expect(rec.url).not.toBeNull();
      const { stdout } = await run(resolveMediaTool('ffprobe').path, [
        '-v', 'error', '-show_entries', 'stream=codec_type:format=duration', '-of', 'json', rec.url!,
      ]);
      const probed = JSON.parse(stdout) as { streams: { codec_type: string }[]; format: { duration?: string } };
      expect(probed.streams.map((x) => x.codec_type).sort()).toEqual(['audio', 'video']);
      const fileMs = Number(probed.format.duration) * 1000;
      const wallMs = rec.endedAt! - rec.startedAt;
      expect(wallMs).toBeGreaterThan(3_000);
      expect(Math.abs(fileMs - wallMs) / wallMs, `file ${fileMs} ms vs wall ${wallMs} ms`).toBeLessThanOrEqual(0.05);
    }

    for (const c of [display, speaker, viewer]) await c.context.close();
  }, 240_000);

  it('when the browser blocks sound without a gesture, the citizen page offers "play with sound" and it plays', async () => {
    const d = await liveDebate(t);
    const moderator = await mediaClient(t, d.moderatorToken, 'moderator');
    sockets.push(moderator);
    await publish(moderator, 'audio');
    await moderator.ok('media:program:set', { participantId: JSON.parse(Buffer.from(d.moderatorToken.split('.')[1]!, 'base64url').toString()).sub });
    // Already joined (what the join form stores, in localStorage), so the page opens without any click.
    const dominique = await join(t, d.debateId, { displayName: 'Dominique' });
    const { context, page } = await openPage(browser);
    const session = { token: dominique.token, participantId: dominique.participantId, role: 'participant', name: 'Dominique', expiresAt: null };
    await context.addInitScript(([key, value]) => {
      const g = globalThis as any;
      g.localStorage.setItem(key, value);
      // The autoplay policy of a browser that wants a gesture for sound (headless Chromium
      // does not enforce it for WebRTC streams here): play() with sound is refused unless
      // the page is handling a click.
      let gesture = false;
      g.addEventListener('click', () => {
        gesture = true;
        setTimeout(() => (gesture = false), 0);
      }, true);
      const play = g.HTMLMediaElement.prototype.play;
      g.HTMLMediaElement.prototype.play = function (this: any) {
        if (!this.muted && !gesture) return Promise.reject(new g.DOMException('blocked', 'NotAllowedError'));
        return play.call(this);
      };
    }, [`tribune.citizen.${d.debateId}`, JSON.stringify(session)]);
    await page.goto(`${t.baseUrl}/d/${d.debateId}`);
    const play = page.getByRole('button', { name: 'Écouter avec le son' });
    await play.waitFor({ state: 'visible', timeout: 30_000 });
    await page.getByText('Le navigateur a bloqué le son.').waitFor({ state: 'attached' });
    const audible = () =>
      page.evaluate(() => {
        const el = (globalThis as any).document.querySelector('audio');
        return !!el && !el.paused && !el.muted;
      });
    expect(await audible()).toBe(false);
    await play.click();
    await until('the sound to play', audible);
    await play.waitFor({ state: 'detached', timeout: 10_000 });
    await context.close();
  }, 120_000);

  it('on the projector with autoplay really blocked, "Activer le son" is visible above the lower third and the hint names it', async () => {
    // A browser whose policy wants a user gesture before any sound (the real projector's case).
    const strict = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: [...CHROMIUM_ARGS.filter((a) => !a.startsWith('--autoplay-policy')), '--autoplay-policy=document-user-activation-required'],
    });
    try {
      const d = await liveDebate(t);
      const moderator = await mediaClient(t, d.moderatorToken, 'moderator');
      sockets.push(moderator);
      const camille = await join(t, d.debateId, { displayName: 'Camille Durand-Lefèvre de la Roche' });
      const speaker = await mediaClient(t, camille.token, camille.participantId);
      sockets.push(speaker);
      await speaker.ok('queue:raise', { mode: 'oral' });
      await moderator.ok('floor:grant', {});
      await publish(speaker, 'audio');
      await publish(speaker, 'video');
      const context = await strict.newContext({ locale: 'fr-FR', viewport: { width: 1920, height: 1080 } });
      // Headless Chromium counts the automated page as activated (navigator.userActivation
      // .hasBeenActive is true) and plays a MediaStream with sound despite the flag: the
      // policy is enforced in the page too, as in the citizen test above.
      await context.addInitScript(() => {
        const g = globalThis as any;
        let gesture = false;
        g.addEventListener('click', () => {
          gesture = true;
          setTimeout(() => (gesture = false), 0);
        }, true);
        const play = g.HTMLMediaElement.prototype.play;
        g.HTMLMediaElement.prototype.play = function (this: any) {
          if (!this.muted && !gesture) return Promise.reject(new g.DOMException('blocked', 'NotAllowedError'));
          return play.call(this);
        };
      });
      const page = await context.newPage();
      const token = (await admin(t, 'POST', `/api/debates/${d.debateId}/tokens/display`)).body.token as string;
      await page.goto(`${t.baseUrl}/display/${d.debateId}#token=${token}`);
      await page.locator('.lower-third').waitFor();
      const button = page.getByRole('button', { name: 'Activer le son' });
      await button.waitFor({ state: 'visible', timeout: 30_000 });
      // The hint names the button that is there.
      await page.getByText('Le navigateur a bloqué le son. Appuyez sur « Activer le son ».').waitFor({ state: 'attached' });
      // Nothing covers it: the topmost element at its centre is the button, and the caption does not overlap it.
      const b = (await button.boundingBox())!;
      const caption = (await page.locator('.lower-third').boundingBox())!;
      const overlaps = b.x < caption.x + caption.width && caption.x < b.x + b.width && b.y < caption.y + caption.height && caption.y < b.y + b.height;
      expect(overlaps, JSON.stringify({ b, caption })).toBe(false);
      const onTop = await page.evaluate(([x, y]) => {
        const el = (globalThis as any).document.elementFromPoint(x, y);
        return !!el?.closest('.media-player__sound');
      }, [b.x + b.width / 2, b.y + b.height / 2]);
      expect(onTop).toBe(true);
      expect(b.y + b.height).toBeLessThanOrEqual(1080);
      await shoot(page, 'display-sound-blocked');
      await button.click();
      await untilTrue('the sound to play', () =>
        page.evaluate(() => [...(globalThis as any).document.querySelectorAll('audio')].some((el: any) => !el.paused && !el.muted)),
      );
      await context.close();
    } finally {
      await strict.close();
    }
  }, 120_000);

  it('the citizen on air reads one truthful state at a time: on air, cut by the régie, off air while the régie shows the room', async () => {
    const d = await liveDebate(t);
    const moderator = await mediaClient(t, d.moderatorToken, 'moderator');
    sockets.push(moderator);
    const speaker = await openPage(browser);
    await joinFromPage(speaker.page, t.baseUrl, d.debateId, 'Camille');
    await until('the media session to be ready', async () => (await stats(speaker.page)).status === 'ready', 30_000);
    await speaker.page.getByRole('button', { name: 'Lever la main (à l’oral)' }).click();
    await speaker.page.getByRole('button', { name: 'J’ai compris, demander la parole' }).click();
    const raised = await moderator.waitForEvent('queue:raised', (e) => e.payload.entry.name === 'Camille', 20_000);
    const camille = raised.payload.entry.participantId as string;
    await moderator.ok('floor:grant', { participantId: camille, seconds: 120 });
    await until('two producers from the citizen page', async () => (await published(speaker.page)).length === 2);
    await until('the moderator told of both', async () => moderator.pushes.filter((p) => p.event === 'media:producer:new' && p.payload.participantId === camille).length === 2);
    const mic = moderator.pushes.find((p) => p.event === 'media:producer:new' && p.payload.participantId === camille && p.payload.kind === 'audio')!.payload.producerId as string;

    const box = speaker.page.locator('.on-air');
    const state = speaker.page.locator('.media-publisher__status');
    const only = async (name: string, text: string, absent: RegExp[]) => {
      await speaker.page.locator(`.media-publisher__status[data-state="${name}"]`).waitFor({ timeout: 20_000 });
      expect(await state.innerText()).toBe(text);
      const all = await box.innerText();
      for (const re of absent) expect(all, `${name}: ${re}`).not.toMatch(re);
      // Nor anywhere else on the page (the program player below says nothing contrary).
      const page = await speaker.page.locator('main').innerText();
      for (const re of absent.filter((r) => r !== ANTENNA)) expect(page, `${name} (page): ${re}`).not.toMatch(re);
      await box.scrollIntoViewIfNeeded();
      await shoot(speaker.page, `citizen-state-${name.replace(/_/g, '-')}`);
    };
    const ON = /diffusé·e en direct/;
    const HELD = /suspendus/;
    const CUT = /La régie a coupé/;
    const ROOM = /la régie montre la salle/;
    const ANTENNA = /à l’antenne/;
    await only('on_air', 'Vous êtes diffusé·e en direct.', [HELD, CUT, ROOM]);
    // The régie cuts her microphone.
    await moderator.ok('media:mute', { producerId: mic });
    await only('cut_by_regie', 'La régie a coupé votre micro\u00a0: on ne vous entend plus.', [ON, HELD, ROOM, ANTENNA]);
    await moderator.ok('media:unmute', { producerId: mic });
    await only('on_air', 'Vous êtes diffusé·e en direct.', [HELD, CUT, ROOM]);
    // The régie shows the room (the display's room camera) while the floor is still hers.
    const displayToken = (await admin(t, 'POST', `/api/debates/${d.debateId}/tokens/display`)).body.token as string;
    const displaySub = JSON.parse(Buffer.from(displayToken.split('.')[1]!, 'base64url').toString()).sub as string;
    const room = await mediaClient(t, displayToken, displaySub);
    sockets.push(room);
    await publish(room, 'video', { source: 'room' });
    await moderator.ok('media:program:set', { participantId: displaySub });
    await only('off_air_room', 'Hors antenne\u00a0: la régie montre la salle.', [ON, HELD, CUT, ANTENNA]);
    await speaker.context.close();
  }, 120_000);
});
