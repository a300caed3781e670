// Child processes of the benchmark (the Tribune server, the echo baseline): spawn in
// their own process group so one kill reaches anything they start, wait for a health
// URL, read their memory and CPU from /proc, and stop them within a bounded time.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

export interface ChildServer {
  readonly name: string;
  readonly pid: number;
  readonly port: number;
  readonly baseUrl: string;
  /** Resident set size in kB (VmRSS), or NaN once the process is gone. */
  rssKb(): number;
  /** User + system CPU time in ms consumed so far, or NaN once the process is gone. */
  cpuMs(): number;
  /** Last lines the process printed (stdout and stderr), for error reports. */
  logTail(): string;
  exited(): boolean;
  /** Resolves once the process exited and its output streams are drained. */
  closed(): Promise<void>;
  stop(): Promise<void>;
}

const live = new Set<ChildProcess>();

/** Last-resort synchronous kill of every child still running (process 'exit' hook). */
export function killAllChildrenNow(): void {
  for (const child of live) killGroup(child, 'SIGKILL');
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
  }
}

/** A port that was free a moment ago on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolvePort(port));
    });
  });
}

export function readRssKb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : Number.NaN;
  } catch {
    return Number.NaN; // the process is gone: no reading, shown as n/a
  }
}

export function readCpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the ")" that closes the command name; utime and stime are fields 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return (ticks * 1000) / 100; // USER_HZ is 100 on Linux
  } catch {
    return Number.NaN;
  }
}

export interface SpawnOptions {
  name: string;
  cwd: string;
  /** Arguments given to node, e.g. ['--import', 'tsx', 'server/src/server.ts']. */
  args: string[];
  env: Record<string, string>;
  port: number;
}

export function spawnNode(opts: SpawnOptions): ChildServer {
  const child = spawn(process.execPath, opts.args, {
    cwd: opts.cwd,
    env: { ...process.env, ...opts.env },
    detached: true, // own process group: stop() reaches grandchildren too
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  if (child.pid === undefined) throw new Error(`${opts.name}: spawn failed`);
  live.add(child);
  const tail: string[] = [];
  const keep = (chunk: Buffer): void => {
    tail.push(chunk.toString('utf8'));
    while (tail.length > 60) tail.shift();
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exitedPromise = new Promise<void>((res) => child.once('exit', () => res()));
  const closedPromise = new Promise<void>((res) => child.once('close', () => res()));
  child.once('exit', () => live.delete(child));
  const pid = child.pid;
  return {
    name: opts.name,
    pid,
    port: opts.port,
    baseUrl: `http://127.0.0.1:${opts.port}`,
    rssKb: () => readRssKb(pid),
    cpuMs: () => readCpuMs(pid),
    logTail: () => tail.join('').split('\n').slice(-40).join('\n'),
    exited: () => child.exitCode !== null || child.signalCode !== null,
    closed: () => closedPromise,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.stdin?.end(); // the echo server exits when its stdin closes
      killGroup(child, 'SIGTERM');
      const timer = new Promise<'timeout'>((res) => setTimeout(() => res('timeout'), 10_000).unref());
      if ((await Promise.race([exitedPromise, timer])) === 'timeout') {
        killGroup(child, 'SIGKILL');
        await Promise.race([exitedPromise, new Promise((res) => setTimeout(res, 3000).unref())]);
      }
    },
  };
}

/** Poll `url` until it answers 200, the child exits, or `timeoutMs` passes. */
export async function waitReady(server: ChildServer, path: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (server.exited()) {
      await Promise.race([server.closed(), new Promise((res) => setTimeout(res, 2000))]);
      throw new Error(`${server.name} exited before ${path} answered 200:\n${server.logTail()}`);
    }
    try {
      const res = await fetch(server.baseUrl + path, { signal: AbortSignal.timeout(2000) });
      if (res.status === 200) return;
      last = `HTTP ${res.status}`;
    } catch (err) {
      last = (err as Error).message;
    }
    await new Promise((res) => setTimeout(res, 200));
  }
  throw new Error(`${server.name}: ${path} not 200 after ${timeoutMs} ms (last: ${last}):\n${server.logTail()}`);
}
