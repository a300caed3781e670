// Tribune nodes of the fault suite: real server processes (`node --import tsx
// server/src/server.ts`) sharing the suite's PostgreSQL and Redis, which the suite can
// kill -9, freeze (SIGSTOP/SIGCONT), stop gracefully (SIGTERM) and start again on the
// same port (a node that comes back gets a new node id, like a restarted machine).
// Their warn/error log lines are counted by message (the figures name them).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { freePort } from '../vote-storm/server-process.ts';

export const ADMIN_TOKEN = 'faults-admin-token-0123456789abcdef';
export const JWT_SECRET = 'faults-jwt-secret-0123456789abcdef0123456789abcdef';

export interface NodeEnv {
  databaseUrl: string;
  redisUrl: string;
  prefix: string;
  leaseTtlMs: number;
  repo: string;
  /** The suite's temp dir: each node's DATA_DIR goes under it. */
  root: string;
}

const everyChild = new Set<ChildProcess>();

/** Last resort (process exit): no node outlives the suite. */
export function killEveryNode(): void {
  for (const c of everyChild) if (c.pid && c.exitCode === null && c.signalCode === null) process.kill(c.pid, 'SIGKILL');
}

export class TribuneNode {
  private child: ChildProcess | null = null;
  private exitedPromise: Promise<void> = Promise.resolve();
  frozen = false;
  /** Warn/error log lines of every run of this node, counted by message. */
  readonly logCounts = new Map<string, number>();
  private readonly tail: string[] = [];
  private starts = 0;

  private constructor(
    readonly name: string,
    readonly port: number,
    private readonly env: NodeEnv,
    private readonly dataDir: string,
  ) {}

  static async create(name: string, env: NodeEnv): Promise<TribuneNode> {
    return new TribuneNode(name, await freePort(), env, mkdtempSync(join(env.root, `node-${name}-`)));
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Up: running and not frozen (clients may connect to it). */
  get up(): boolean {
    return this.running && !this.frozen;
  }

  async start(): Promise<void> {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/server.ts'], {
      cwd: this.env.repo,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        PORT: String(this.port),
        HOST: '127.0.0.1',
        DATABASE_URL: this.env.databaseUrl,
        REDIS_URL: this.env.redisUrl,
        REDIS_PREFIX: this.env.prefix,
        NODE_ID: `${this.name}-${++this.starts}`,
        LEASE_TTL_MS: String(this.env.leaseTtlMs),
        MEDIA_ENABLED: 'false',
        DATA_DIR: this.dataDir,
        ADMIN_TOKEN,
        JWT_SECRET,
        LOG_LEVEL: 'warn',
        SOCKET_RATE_PER_SEC: '200',
        SOCKET_RATE_BURST: '400',
        // Every simulated citizen joins from 127.0.0.1: the per-address join limits are lifted.
        JOIN_LIMIT_PER_IP: '1000000',
        JOIN_LIMIT_PER_DEBATE: '1000000',
      },
    });
    this.child = child;
    everyChild.add(child);
    this.frozen = false;
    this.exitedPromise = new Promise((r) => child.once('exit', () => r()));
    void this.exitedPromise.then(() => everyChild.delete(child));
    for (const stream of [child.stdout!, child.stderr!]) {
      createInterface({ input: stream }).on('line', (line) => this.onLine(line));
    }
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if (!this.running) throw new Error(`${this.name} exited while starting:\n${this.logTail()}`);
      try {
        const res = await fetch(`${this.baseUrl}/readyz`, { signal: AbortSignal.timeout(2000) });
        if (res.status === 200) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`${this.name}: /readyz not 200 within 60 s:\n${this.logTail()}`);
  }

  private onLine(line: string): void {
    this.tail.push(line);
    if (this.tail.length > 80) this.tail.shift();
    if (!line.startsWith('{')) return;
    try {
      const parsed = JSON.parse(line) as { msg?: unknown; err?: { message?: unknown } };
      const msg = String(parsed.msg ?? '?');
      // An error nobody expected is named by its message too: it is what to look into.
      const key = msg === 'unhandled error' && parsed.err?.message ? `${msg}: ${String(parsed.err.message).slice(0, 120)}` : msg;
      this.logCounts.set(key, (this.logCounts.get(key) ?? 0) + 1);
    } catch {
      this.logCounts.set('(unparsed line)', (this.logCounts.get('(unparsed line)') ?? 0) + 1);
    }
  }

  private signal(sig: NodeJS.Signals): void {
    if (this.child?.pid && this.running) process.kill(this.child.pid, sig);
  }

  kill9(): void {
    this.signal('SIGKILL');
  }

  freeze(): void {
    this.signal('SIGSTOP');
    this.frozen = true;
  }

  thaw(): void {
    this.signal('SIGCONT');
    this.frozen = false;
  }

  /** SIGTERM and wait for the exit (the server's graceful shutdown, 20 s at most). */
  async terminate(): Promise<void> {
    if (!this.running) return;
    this.signal('SIGTERM');
    const timeout = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 20_000).unref());
    if ((await Promise.race([this.exitedPromise, timeout])) === 'timeout') this.kill9();
    await this.exitedPromise;
  }

  exited(): Promise<void> {
    return this.exitedPromise;
  }

  logTail(): string {
    return this.tail.slice(-30).join('\n');
  }
}
