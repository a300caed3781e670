// One FFmpeg process of the broadcast (the HLS encoder or an RTMP push): its stderr tail
// with every secret removed (a push's arguments hold the stream key, and FFmpeg prints its
// output URL), the moment it starts writing ("Output #0": for a push, the RTMP server has
// accepted the stream), its exit, and a stop that does not hang: SIGINT, then SIGKILL.
// Unlike the recorder's FfmpegProcess, stdin may stay open (the push is fed the program
// as MPEG-TS through it).
import { spawn, type ChildProcess } from 'node:child_process';

export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

const TAIL_LINES = 30;

/** `text` with every secret (and its URL-encoded form) replaced by "***". */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) {
    if (!s) continue;
    for (const form of new Set([s, encodeURIComponent(s)])) out = out.split(form).join('***');
  }
  return out;
}

export class FfmpegChild {
  readonly exited: Promise<ChildExit>;
  readonly #child: ChildProcess;
  readonly #secrets: readonly string[];
  readonly #tail: string[] = [];
  #partial = '';
  #writing = false;
  #exit: ChildExit | null = null;
  readonly #writingWaiters: Array<() => void> = [];

  constructor(ffmpegPath: string, args: string[], o: { stdin: 'pipe' | 'ignore'; secrets?: readonly string[] }) {
    this.#secrets = o.secrets ?? [];
    this.#child = spawn(ffmpegPath, args, { stdio: [o.stdin, 'ignore', 'pipe'] });
    this.exited = new Promise((resolve) => {
      this.#child.once('close', (code, signal) => {
        if (this.#partial) this.#line(this.#partial);
        this.#exit = { code, signal };
        for (const w of this.#writingWaiters.splice(0)) w();
        resolve(this.#exit);
      });
    });
    this.#child.once('error', (err) => this.#line(`spawn error: ${err.message}`));
    // A push that dies while being written to: EPIPE is its exit, seen through 'close'.
    this.#child.stdin?.on('error', () => undefined);
    this.#child.stderr?.setEncoding('utf8');
    this.#child.stderr?.on('data', (chunk: string) => {
      const parts = (this.#partial + chunk).split(/\r?\n|\r/);
      this.#partial = parts.pop() ?? '';
      for (const line of parts) this.#line(line);
    });
  }

  get stdin(): NodeJS.WritableStream | null {
    return this.#child.stdin;
  }
  get pid(): number | undefined {
    return this.#child.pid;
  }
  get exit(): ChildExit | null {
    return this.#exit;
  }
  get writing(): boolean {
    return this.#writing;
  }

  /** The last lines FFmpeg printed, secrets removed. */
  tail(): string {
    return this.#tail.join('\n');
  }

  /** A short reason for a failure: the last line that says something, secrets removed. */
  reason(): string {
    const lines = this.#tail.filter((l) => l.trim() && !/^\s*(Stream|Metadata|Duration|Input|Output|encoder|handler_name|Press)/.test(l));
    const last = lines.at(-1)?.trim() ?? '';
    const exit = this.#exit ? (this.#exit.signal ? `signal ${this.#exit.signal}` : `exit code ${this.#exit.code}`) : 'running';
    return (last ? `${last} (${exit})` : exit).slice(0, 300);
  }

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

  /** SIGINT (FFmpeg finishes its output), SIGKILL after `graceMs`. */
  async stop(graceMs = 1500): Promise<ChildExit> {
    if (this.#exit) return this.#exit;
    this.#child.stdin?.end();
    this.#child.kill('SIGINT');
    const timer = setTimeout(() => this.#child.kill('SIGKILL'), graceMs);
    const exit = await this.exited;
    clearTimeout(timer);
    return exit;
  }

  kill(): void {
    if (!this.#exit) this.#child.kill('SIGKILL');
  }

  #line(raw: string): void {
    const line = redact(raw, this.#secrets);
    this.#tail.push(line);
    if (this.#tail.length > TAIL_LINES) this.#tail.shift();
    if (!this.#writing && /^Output #0,/.test(line)) {
      this.#writing = true;
      for (const w of this.#writingWaiters.splice(0)) w();
    }
  }
}
