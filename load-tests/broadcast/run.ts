// npm run bench:broadcast — what the broadcast costs and how late it is, on this machine:
//  1. glass-to-glass delay of HLS: a fake camera clock (clock-source.ts: white for the first
//     second of every ten, t0 seen in front of the router) → the frame shown in the real
//     citizen page playing HLS with hls.js (the picture's brightness read back from a canvas
//     every 15 ms), with the default settings; target ≤ 6 s;
//  2. server CPU of the HLS encoder, then of two RTMP pushes to a local nginx-rtmp;
//  3. the WebRTC audience threshold this suggests, from the consumers per worker measured by
//     bench:media (docs/benchmarks.md) and the cores the broadcast leaves.
// Prints figures; append them to docs/benchmarks.md with the date and the machine.
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { io } from 'socket.io-client';
import { processCpuSec } from '../media/cpu.ts';
import { checkPrerequisites, liveDebateWithSpeaker, startTribune } from '../media/server.ts';
import { launchBrowser } from '../../server/test/helpers/browser.ts';
import { freePort, startRtmpServer } from '../../server/test/broadcast/rtmp-server.ts';
import { FLASH_PERIOD_MS, publishClockSource } from './clock-source.ts';

const { values } = parseArgs({ options: { 'watch-sec': { type: 'string' }, 'cpu-sec': { type: 'string' }, 'rtc-min-port': { type: 'string' } } });
const WATCH_SEC = Number(values['watch-sec'] ?? 45);
const CPU_SEC = Number(values['cpu-sec'] ?? 10);
const RTC_MIN = Number(values['rtc-min-port'] ?? 42_000);
/** bench:media: consumers one worker forwards before degrading (docs/benchmarks.md, 1,034–1,400). */
const CONSUMERS_PER_WORKER = 1100;
const TARGET_DELAY_MS = 6000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

async function cpuOf(pids: number[], sec: number): Promise<number> {
  const total = () => pids.reduce((n, pid) => {
    const c = processCpuSec(pid);
    return n + c.user + c.system;
  }, 0);
  const a = total();
  const t = performance.now();
  await sleep(sec * 1000);
  return (total() - a) / ((performance.now() - t) / 1000);
}

function pidsWith(needle: string): number[] {
  return readdirSync('/proc').filter((d) => /^\d+$/.test(d) && d !== String(process.pid)).filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(needle);
    } catch {
      return false; // gone meanwhile
    }
  }).map(Number);
}

/**
 * Runs in the page (a string: tsx's helpers do not exist there): for `watchMs`, every 15 ms
 * the current frame (when it changed) is drawn to an 8×8 canvas; the instant (epoch ms) of
 * each grey → white edge is kept (late by up to 15 ms plus the display), with the delay the
 * page says in words.
 */
const PAGE_WATCH = `async (watchMs) => {
  const video = document.querySelector('[data-testid="hls-video"]');
  video.scrollIntoView();
  const canvas = document.createElement('canvas');
  canvas.width = 8;
  canvas.height = 8;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  const edges = [];
  let bright = false;
  let frames = 0;
  let last = -1;
  await new Promise((resolve) => {
    const end = Date.now() + watchMs;
    const timer = setInterval(() => {
      if (Date.now() > end) {
        clearInterval(timer);
        resolve();
        return;
      }
      if (video.readyState < 2 || video.currentTime === last) return;
      last = video.currentTime;
      frames += 1;
      ctx.drawImage(video, 0, 0, 8, 8);
      const px = ctx.getImageData(0, 0, 8, 8).data;
      let sum = 0;
      for (let i = 0; i < px.length; i += 4) sum += px[i];
      const lum = sum / (px.length / 4);
      if (!bright && lum > 170) edges.push(Date.now());
      bright = lum > 170 ? true : lum < 130 ? false : bright;
    }, 15);
  });
  const said = document.querySelector('[data-testid="hls-delay"]')?.textContent ?? '';
  return { edges, frames, said };
}`;

async function main(): Promise<void> {
  checkPrerequisites(process.cwd());
  console.log(`bench:broadcast on ${os.cpus()[0]?.model ?? '?'} × ${os.availableParallelism()}, load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}, ${new Date().toISOString()}`);
  const s = await startTribune(RTC_MIN, { BROADCAST_AUTOSTART: 'true' });
  const cleanups: (() => unknown)[] = [() => s.close()];
  // Interrupted or past its time limit: still end every FFmpeg, nginx and Chromium it started.
  const bail = (why: string) => {
    console.error(`bench:broadcast: ${why}, cleaning up`);
    void (async () => {
      for (const c of cleanups) await Promise.resolve(c()).catch(() => undefined);
      process.exit(1);
    })();
  };
  process.once('SIGINT', () => bail('interrupted'));
  process.once('SIGTERM', () => bail('terminated'));
  setTimeout(() => bail('time limit (300 s) reached'), 300_000).unref();
  try {
    const d = await liveDebateWithSpeaker(s);
    cleanups.unshift(() => d.sockets.forEach((x) => x.close()));
    // The speaker stays connected: a participant without a socket loses their media after
    // the grace period (MEDIA_PARTICIPANT_GRACE_MS), and the program with it.
    const present = io(s.baseUrl, { auth: { token: d.publisher.token }, transports: ['websocket'], reconnection: false, forceNew: true });
    cleanups.unshift(() => present.close());
    await new Promise<void>((resolve, reject) => {
      present.once('state:snapshot', () => resolve());
      present.once('connect_error', reject);
    });
    const session = await s.app.media!.openSession(d.debateId);
    const clock = await publishClockSource(session, d.publisher.participantId);
    cleanups.unshift(() => clock.stop());
    const t = Date.now();
    while (!s.app.broadcast!.state(d.debateId).live) {
      if (Date.now() - t > 30_000) throw new Error('the broadcast did not start');
      await sleep(100);
    }
    console.log(`encoder live ${Date.now() - clock.t0} ms after the first packet`);

    // 1. Glass to glass, in the citizen page playing HLS.
    const viewer = await s.rest<{ token: string; participantId: string }>('POST', `/api/debates/${d.debateId}/join`, { displayName: 'Spectatrice' }, '');
    const browser = await launchBrowser();
    cleanups.unshift(() => browser.close());
    const context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1000, height: 800 } });
    const session0 = { token: viewer.token, participantId: viewer.participantId, role: 'participant', name: 'Spectatrice', expiresAt: null };
    await context.addInitScript(
      ([key, value]) => {
        const ls = (globalThis as unknown as { localStorage: { setItem(k: string, v: string): void } }).localStorage;
        ls.setItem(key!, value!);
        ls.setItem('tribune.dataSaver', '1');
      },
      [`tribune.citizen.${d.debateId}`, JSON.stringify(session0)],
    );
    const page = await context.newPage();
    page.on('crash', () => console.error('the page crashed'));
    page.on('pageerror', (err) => console.error(`page error: ${err.message}`));
    await page.goto(`${s.baseUrl}/d/${d.debateId}`);
    await page.locator('[data-testid="hls-video"]').waitFor({ timeout: 30_000 });
    const seen = (await page.evaluate(`(${PAGE_WATCH})(${WATCH_SEC * 1000})`)) as { edges: number[]; frames: number; said: string };
    const delays = seen.edges.map((w) => (w - clock.t0) % FLASH_PERIOD_MS);
    console.log(`HLS glass-to-glass: ${delays.length} flashes over ${WATCH_SEC} s (${seen.frames} frames presented): ` +
      `median ${median(delays).toFixed(0)} ms, min ${Math.min(...delays).toFixed(0)}, max ${Math.max(...delays).toFixed(0)} ms ` +
      `(target ≤ ${TARGET_DELAY_MS} ms: ${median(delays) <= TARGET_DELAY_MS ? 'met' : 'NOT met'}); the page said: « ${seen.said.trim()} »`);
    await context.close();

    // 2. CPU of the outputs.
    const encoderPid = s.app.broadcast!.encoderPid(d.debateId)!;
    const encoderCpu = await cpuOf([encoderPid], CPU_SEC);
    console.log(`HLS encoder (854×480 25 fps H.264 veryfast + AAC): ${(encoderCpu * 100).toFixed(1)} % of a core`);
    const rtmp = await startRtmpServer(await freePort());
    cleanups.unshift(() => rtmp.close());
    const keys = [`bench-${randomBytes(6).toString('hex')}`, `bench-${randomBytes(6).toString('hex')}`];
    for (const [i, key] of keys.entries()) {
      await s.rest('POST', `/api/debates/${d.debateId}/broadcast/destinations`, { label: `Banc ${i + 1}`, url: rtmp.url, streamKey: key });
    }
    const t1 = Date.now();
    while (s.app.broadcast!.state(d.debateId).destinations.filter((x) => x.state === 'live').length < 2) {
      if (Date.now() - t1 > 30_000) throw new Error(`the pushes did not go live: ${JSON.stringify(s.app.broadcast!.state(d.debateId).destinations)}`);
      await sleep(100);
    }
    const pushPids = keys.flatMap((k) => pidsWith(k));
    const [both, encoderWithPushes] = await Promise.all([cpuOf(pushPids, CPU_SEC), cpuOf([encoderPid], CPU_SEC)]);
    console.log(`2 RTMP pushes (-c copy): ${(both * 100).toFixed(1)} % of a core together; encoder meanwhile ${(encoderWithPushes * 100).toFixed(1)} %`);

    // 3. The threshold.
    const cores = os.availableParallelism();
    const broadcastCores = encoderWithPushes + both;
    const viewersPerCore = CONSUMERS_PER_WORKER / 2;
    const left = Math.max(0, cores - broadcastCores - 0.5); // half a core for Node (signaling, the debate)
    const suggested = Math.floor((left * viewersPerCore * 0.7) / 50) * 50;
    console.log(`suggested BROADCAST_WEBRTC_THRESHOLD: ${suggested} (${cores} cores − ${broadcastCores.toFixed(2)} for the broadcast − 0.5 for Node, ` +
      `× ${viewersPerCore} WebRTC viewers per core (bench:media) × 0.7 headroom)`);
  } finally {
    for (const c of cleanups) await Promise.resolve(c()).catch((err: Error) => console.error(`cleanup: ${err.message}`));
  }
}

main().then(
  () => process.exit(0),
  (err: Error) => {
    console.error(err.stack ?? err.message);
    process.exit(1);
  },
);
