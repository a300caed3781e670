// The fault suite's own PostgreSQL and Redis, so that stopping them hurts nobody: the
// machine's shared services (5432, 6379) are never touched. PostgreSQL is a fresh cluster
// (initdb of Debian's PostgreSQL 15 into a temp dir, run as the `postgres` user when this
// process is root, since initdb and postgres refuse root); Redis is a child redis-server.
// Both listen on free ports of 127.0.0.1 and can be stopped, frozen and restarted.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../vote-storm/server-process.ts';

const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';

function asPostgres(cmd: string, args: string[]): { status: number | null; out: string } {
  const root = process.getuid?.() === 0;
  const r = root
    ? spawnSync('runuser', ['-u', 'postgres', '--', cmd, ...args], { encoding: 'utf8' })
    : spawnSync(cmd, args, { encoding: 'utf8' });
  return { status: r.status, out: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

function must(what: string, r: { status: number | null; out: string }): void {
  if (r.status !== 0) throw new Error(`${what} failed (${r.status}):\n${r.out.slice(-2000)}`);
}

export interface OwnPostgres {
  port: number;
  url: string;
  stop(mode?: 'fast' | 'immediate'): void;
  start(): void;
  destroy(): void;
}

export async function startPostgres(root: string): Promise<OwnPostgres> {
  if (!existsSync(join(PG_BIN, 'initdb'))) throw new Error(`no initdb in ${PG_BIN} (set PG_BIN)`);
  const port = await freePort();
  const data = join(root, 'pg');
  const sock = join(root, 'pgsock');
  mkdirSync(sock);
  if (process.getuid?.() === 0) {
    const pw = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
    const gw = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
    chownSync(root, Number(pw.stdout), Number(gw.stdout));
    chownSync(sock, Number(pw.stdout), Number(gw.stdout));
  }
  must('initdb', asPostgres(join(PG_BIN, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-sync']));
  const opts = `-p ${port} -k ${sock} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
  const pg: OwnPostgres = {
    port,
    url: `postgres://postgres@127.0.0.1:${port}/tribune`,
    start() {
      must('pg_ctl start', asPostgres(join(PG_BIN, 'pg_ctl'), ['-D', data, '-l', join(root, 'pg.log'), '-o', opts, '-w', '-t', '30', 'start']));
    },
    stop(mode = 'fast') {
      must('pg_ctl stop', asPostgres(join(PG_BIN, 'pg_ctl'), ['-D', data, '-m', mode, '-w', '-t', '30', 'stop']));
    },
    destroy() {
      asPostgres(join(PG_BIN, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', '-t', '10', 'stop']);
    },
  };
  pg.start();
  must('createdb', asPostgres(join(PG_BIN, 'createdb'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', 'tribune']));
  return pg;
}

export interface OwnRedis {
  port: number;
  url: string;
  pid(): number | undefined;
  /** SHUTDOWN SAVE: the keys (leases with their expiry) survive the restart, as with any persistent Redis. */
  stop(): Promise<void>;
  start(): Promise<void>;
  destroy(): void;
}

export async function startRedis(root: string): Promise<OwnRedis> {
  const port = await freePort();
  const dir = join(root, 'redis');
  mkdirSync(dir);
  let child: ChildProcess | null = null;
  const cli = (...args: string[]) => spawnSync('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...args], { encoding: 'utf8' });
  const redis: OwnRedis = {
    port,
    url: `redis://127.0.0.1:${port}`,
    pid: () => child?.pid,
    async start() {
      child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no'], {
        stdio: 'ignore',
        detached: true,
      });
      for (let i = 0; i < 100; i++) {
        if (cli('ping').stdout?.trim() === 'PONG') return;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error('redis-server did not answer PING');
    },
    async stop() {
      const c = child;
      if (!c) return;
      const exited = new Promise<void>((r) => c.once('exit', () => r()));
      cli('shutdown', 'save');
      await exited;
      child = null;
    },
    destroy() {
      if (child?.pid) process.kill(child.pid, 'SIGKILL');
      child = null;
    },
  };
  await redis.start();
  return redis;
}

export function tempRoot(): { root: string; remove(): void } {
  const root = mkdtempSync(join(tmpdir(), 'tribune-faults-'));
  return { root, remove: () => rmSync(root, { recursive: true, force: true }) };
}
