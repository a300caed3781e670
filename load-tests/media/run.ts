// Media benchmark entry point (`npm run bench:media`). One Tribune node in this process
// with ONE mediasoup worker on 127.0.0.1; a citizen page in headless Chromium (fake
// camera and microphone) holds the floor and publishes through the real client.
//   1. join-to-first-frame: viewers join the real citizen page one after another; each
//      reports when its first video frame was presented (median over --joins);
//   2. consumers per worker: server-side viewers (PlainTransport + SRTP, audio + video
//      consumers of the program) are added in steps; the worker's CPU is read from
//      /proc/<pid>/stat at each step, until it saturates one core (or --max-consumers).
// Prints the figures, writes a JSON report to load-tests/reports/. A hard timeout,
// Ctrl-C or any error releases everything it started.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { parseMediaBenchArgs, USAGE, type MediaBenchArgs } from './args.ts';
import { launchBrowser, openPublisher, timeJoin, type JoinTiming } from './browser.ts';
import { ViewerFarm, unusedUdpPort } from './consumers.ts';
import { measure } from './cpu.ts';
import { renderReport, saturated, type StepRow } from './report.ts';
import { checkPrerequisites, liveDebateWithSpeaker, startTribune, type BenchServer } from './server.ts';
import { until } from '../../server/test/helpers/until.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const cleanups: { label: string; fn: () => Promise<void> | void }[] = [];
let aborting = false;

async function releaseAll(): Promise<void> {
  while (cleanups.length) {
    const { label, fn } = cleanups.pop()!;
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        Promise.resolve().then(fn),
        new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('timed out')), 20_000))),
      ]);
    } catch (err) {
      console.error(`cleanup of ${label} failed: ${(err as Error).message}`);
    } finally {
      clearTimeout(timer);
    }
  }
}

async function abort(reason: string, code: number): Promise<never> {
  if (!aborting) {
    aborting = true;
    console.error(`\nbench:media: ${reason}; stopping everything it started`);
    await releaseAll();
  }
  process.exit(code);
}

async function main(args: MediaBenchArgs): Promise<boolean> {
  checkPrerequisites(repoRoot);
  const started = Date.now();
  const load0 = loadavg()[0]!;
  console.log(`bench:media: ${cpus().length} cores, load average ${load0.toFixed(2)}; one mediasoup worker; 127.0.0.1 only`);

  const server: BenchServer = await startTribune(args.rtcMinPort);
  cleanups.push({ label: 'Tribune', fn: () => server.close() });
  const debate = await liveDebateWithSpeaker(server);
  cleanups.push({ label: 'sockets', fn: () => debate.sockets.forEach((s) => s.close()) });
  // The archive recorder (FFmpeg on this machine) is not what is measured here.
  const recordingOff = await debate.command(debate.moderator, 'media:recording', { action: 'stop' }).then(
    () => true,
    (err: Error) => (console.log(`  (recording left as is: ${err.message})`), false),
  );

  const browser: Browser = await launchBrowser();
  cleanups.push({ label: 'Chromium', fn: () => browser.close() });
  const publisherContext = await openPublisher(browser, server.baseUrl, debate.debateId, debate.publisher);
  cleanups.push({ label: 'publisher page', fn: () => publisherContext.close() });
  const media = server.app.media!;
  const session = await media.openSession(debate.debateId);
  const producers = await until(
    'the publisher page to publish audio and video',
    () => {
      const ps = session.mediasoupRoom.producers().filter((p) => p.participantId === debate.publisher.participantId && !p.paused);
      return ps.length === 2 ? ps : null;
    },
    30_000,
  );
  console.log(`  publisher: ${producers.map((p) => `${p.kind} (${String(p.appData.source)})`).join(' + ')}; warming up the encoder`);
  await new Promise((r) => setTimeout(r, 3000));

  // 1. join-to-first-frame, on an otherwise idle worker.
  const joins: JoinTiming[] = [];
  for (let i = 0; i < args.joins; i += 1) {
    const viewer = await debate.join(`Spectateur ${i + 1}`);
    const timing = await timeJoin(browser, server.baseUrl, debate.debateId, viewer);
    joins.push(timing);
    console.log(
      `  join ${i + 1}/${args.joins}: first frame ${timing.firstFrame.toFixed(0)} ms after navigation ` +
        `(page loaded ${timing.pageLoaded.toFixed(0)}, socket created ${timing.socketStart.toFixed(0)}, connected ${timing.connected.toFixed(0)}, media start ${timing.mediaStart.toFixed(0)}, answered ${timing.mediaAnswered.toFixed(0)}, device ${timing.deviceLoaded.toFixed(0)}, ready ${timing.mediaReady.toFixed(0)}, ` +
        `stats saw a decoded frame at ${timing.statsFirstDecoded.toFixed(0)})`,
    );
  }

  // 2. consumers per worker.
  const router = session.mediasoupRoom.router!;
  const worker = media.pool.workers()[0]!;
  const farm = new ViewerFarm(router, producers.map((p) => p.producerId), await unusedUdpPort());
  cleanups.push({ label: 'server-side viewers', fn: () => farm.close() });
  const rows: StepRow[] = [];
  const step = async () => {
    await new Promise((r) => setTimeout(r, args.settleSec * 1000));
    const cpu = await measure(worker.pid, args.windowSec * 1000);
    const rates = farm.viewers.length ? await farm.sendRates() : { audio: 0, video: 0 };
    const row: StepRow = { consumers: farm.consumerCount, ...cpu, audioPps: rates.audio, videoPps: rates.video };
    rows.push(row);
    console.log(
      `  ${String(row.consumers).padStart(5)} consumers: worker ${(row.worker * 100).toFixed(1).padStart(5)} % of a core ` +
        `(${(row.workerSystem * 100).toFixed(1)} % kernel), ` +
        `machine ${(row.machine * 100).toFixed(0).padStart(3)} % busy, per consumer ${row.audioPps.toFixed(0)} audio / ${row.videoPps.toFixed(0)} video packets/s`,
    );
    return row;
  };
  await step();
  while (farm.consumerCount < args.maxConsumers) {
    await farm.add(args.step / 2);
    const row = await step();
    if (saturated(row, rows, args.saturation) !== null) break;
  }

  const report = renderReport({ args, joins, rows, recordingOff, load0 });
  console.log(report.text);
  const reportDir = resolve(repoRoot, 'load-tests/reports');
  mkdirSync(reportDir, { recursive: true });
  const file = resolve(reportDir, `media-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  const seconds = (Date.now() - started) / 1000;
  writeFileSync(file, JSON.stringify({ args, cores: cpus().length, load0, recordingOff, joins, rows, summary: report.summary, seconds }, null, 2));
  console.log(`report: ${file}`);
  return report.summary.join.pass;
}

let args: MediaBenchArgs;
try {
  args = parseMediaBenchArgs(process.argv.slice(2));
} catch (err) {
  console.error(`${(err as Error).message}\n${USAGE}`);
  process.exit(2);
}
const hardTimer = setTimeout(() => void abort(`hard timeout of ${args.timeoutSec} s reached`, 3), args.timeoutSec * 1000);
process.once('SIGINT', () => void abort('interrupted', 130));
process.once('SIGTERM', () => void abort('terminated', 143));
main(args).then(
  async (pass) => {
    clearTimeout(hardTimer);
    await releaseAll();
    // Exit 0 only when the join target holds; the capacity figures are reported, not judged.
    process.exit(pass ? 0 : 1);
  },
  (err: Error) => void abort(err.stack ?? err.message, 1),
);
