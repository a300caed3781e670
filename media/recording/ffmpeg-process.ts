// One FFmpeg process writing a recording: reads the SDP on stdin, receives the RTP on
// loopback, copies it (no transcoding) into an incrementally written Matroska/WebM file.
//
// Flags that matter (each measured, see media/recording/README.md):
// - `-use_wallclock_as_timestamps 1`: packets are stamped when they arrive, not from RTP
//   timestamps. A switch of the program feed gives the stream a new SSRC and a new RTP
//   timestamp base; with RTP timestamps the file jumped by hours at the switch. Wall-clock
//   stamps also keep file time = wall time through silences, and give the file's t=0 as an
//   absolute instant ("start:" of the input), which is how startedAt is exact.
// - `-reorder_queue_size 0`: a new consumer restarts the sequence numbers; with the
//   reordering queue FFmpeg dropped the new stream as "received too late".
// - `-listen_timeout -1`: by default FFmpeg ends the recording after 10 s without packets
//   (a paused floor); the recorder decides when it ends.
// - `-cluster_time_limit` + `-flush_packets 1`: Matroska clusters reach the disk every
//   half second, so a killed FFmpeg leaves a file readable up to its last cluster.
// Stopping: SIGINT makes FFmpeg finish (trailer: duration, cues) after its next input
// packet. When the feed is silent (paused producers) no packet comes and FFmpeg stays
// blocked in its read, so stop() calls `wake` (the recorder sends one packet of silence).
// A second SIGINT would also unblock it, but aborts the trailer too (measured: "Error
// writing trailer: Immediate exit requested"), so it is only the next-to-last resort,
// before SIGKILL.
import { spawn, type ChildProcess } from 'node:child_process';
import type { Container } from './sdp.ts';

export interface FfmpegExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface RecorderArgsInput {
  container: Container;
  output: string;
  /** Matroska cluster length: the most a crash can lose. */
  clusterMs?: number;
  /** How long FFmpeg may wait for the codec parameters of every track (a first keyframe). */
  analyzeMs?: number;
}

export function recorderArgs(o: RecorderArgsInput): string[] {
  return [
    '-hide_banner',
    '-nostdin',
    '-nostats',
    '-loglevel', 'info',
    '-protocol_whitelist', 'pipe,udp,rtp',
    '-use_wallclock_as_timestamps', '1',
    '-reorder_queue_size', '0',
    '-listen_timeout', '-1',
    '-localaddr', '127.0.0.1',
    '-analyzeduration', String((o.analyzeMs ?? 10_000) * 1000),
    '-fpsprobesize', '0',
    '-f', 'sdp',
    '-i', 'pipe:0',
    '-map', '0',
    '-c', 'copy',
    '-flush_packets', '1',
    '-cluster_time_limit', String(o.clusterMs ?? 500),
    '-f', o.container.format,
    '-n',
    o.output,
  ];
}

const TAIL_LINES = 40;

/** Escalation delays of stop(): SIGINT, then wake (repeated) until the second SIGINT, then SIGKILL. */
export interface StopTimings {
  wakeMs: number;
  secondSigintMs: number;
  killMs: number;
}
const DEFAULT_STOP: StopTimings = { wakeMs: 100, secondSigintMs: 3000, killMs: 3000 };
const WAKE_EVERY_MS = 250;

export class FfmpegProcess {
  readonly #child: ChildProcess;
  readonly #tail: string[] = [];
  #partial = '';
  #inputStartMs: number | null = null;
  #writing = false;
  #exit: FfmpegExit | null = null;
  readonly exited: Promise<FfmpegExit>;
  readonly #writingWaiters: Array<() => void> = [];

  private constructor(child: ChildProcess) {
    this.#child = child;
    this.exited = new Promise((resolve) => {
      // 'close' rather than 'exit': it also comes after a failed spawn, and after stderr's end.
      child.once('close', (code, signal) => {
        this.#flushPartial();
        this.#exit = { code, signal };
        for (const w of this.#writingWaiters.splice(0)) w();
        resolve(this.#exit);
      });
    });
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => this.#onStderr(chunk));
  }

  /** Spawns FFmpeg and hands it the SDP on stdin. */
  static spawn(ffmpegPath: string, args: string[], sdp: string): FfmpegProcess {
    const child = spawn(ffmpegPath, args, { stdio: ['pipe', 'ignore', 'pipe'] });
    const proc = new FfmpegProcess(child);
    child.once('error', (err) => proc.#line(`spawn error: ${err.message}`));
    child.stdin?.once('error', (err) => proc.#line(`stdin error: ${err.message}`));
    child.stdin?.end(sdp);
    return proc;
  }

  get pid(): number | undefined {
    return this.#child.pid;
  }
  get exit(): FfmpegExit | null {
    return this.#exit;
  }
  /** True once FFmpeg has written the file header and copies packets. */
  get writing(): boolean {
    return this.#writing;
  }
  /** Wall-clock instant (ms since epoch) of the file's t=0, once writing. */
  get inputStartMs(): number | null {
    return this.#inputStartMs;
  }
  /** The last lines FFmpeg printed, for the log of a failure. */
  stderrTail(): string {
    return [...this.#tail, this.#partial].filter(Boolean).join('\n');
  }

  /** Resolves true once writing, false if FFmpeg exits first or the timeout passes. */
  waitUntilWriting(timeoutMs: number): Promise<boolean> {
    if (this.#writing) return Promise.resolve(true);
    if (this.#exit) return Promise.resolve(false);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.#writingWaiters.push(() => {
        clearTimeout(timer);
        resolve(this.#writing);
      });
    });
  }

  /** Graceful end (trailer written); escalates up to SIGKILL. */
  async stop(wake: () => Promise<void>, timings: StopTimings = DEFAULT_STOP): Promise<FfmpegExit> {
    if (this.#exit) return this.#exit;
    const exitWithin = (ms: number) =>
      Promise.race([this.exited, new Promise<null>((r) => setTimeout(() => r(null), ms).unref())]);
    this.#child.kill('SIGINT');
    let done = await exitWithin(timings.wakeMs);
    // A silent feed: packets of silence until FFmpeg reads one. Not just one: on a loaded
    // machine it may come before FFmpeg has taken the signal in.
    const wakeUntil = Date.now() + timings.secondSigintMs;
    while (!done && Date.now() < wakeUntil) {
      // A failed send is no reason to stop less gracefully: the next one may go.
      await wake().catch(() => undefined);
      done = await exitWithin(Math.min(WAKE_EVERY_MS, Math.max(1, wakeUntil - Date.now())));
    }
    if (done) return done;
    this.#child.kill('SIGINT');
    if ((done = await exitWithin(timings.killMs))) return done;
    this.#child.kill('SIGKILL');
    return this.exited;
  }

  /** Immediate SIGKILL (abandoning a start). */
  kill(): void {
    if (!this.#exit) this.#child.kill('SIGKILL');
  }

  #onStderr(chunk: string): void {
    const parts = (this.#partial + chunk).split(/\r?\n|\r/);
    this.#partial = parts.pop() ?? '';
    for (const line of parts) this.#line(line);
  }

  #flushPartial(): void {
    if (this.#partial) this.#line(this.#partial);
    this.#partial = '';
  }

  #line(line: string): void {
    this.#tail.push(line);
    if (this.#tail.length > TAIL_LINES) this.#tail.shift();
    // "  Duration: N/A, start: 1795000000.123456, bitrate: N/A" (the input's first packet).
    const start = /^\s*Duration: .*start: (\d+\.\d+)/.exec(line);
    if (start && this.#inputStartMs === null) this.#inputStartMs = Math.round(Number(start[1]) * 1000);
    if (!this.#writing && /^Output #0,/.test(line)) {
      this.#writing = true;
      for (const w of this.#writingWaiters.splice(0)) w();
    }
  }
}
