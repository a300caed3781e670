// The real entry point as a separate process: a bad configuration stops it with one line
// naming the variable; SIGTERM stops it gracefully (exit 0) without losing what was
// acknowledged, and answers every ballot it received before it disconnects (ballots in
// flight when the signal comes are written and acknowledged, later ones refused with
// UNAVAILABLE, none left without an answer); a second start on the same data keeps the
// secrets and resumes.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabaseUrl } from '../helpers/pg.ts';
import { connect, http, join as joinDebate, liveDebate } from '../helpers/clients.ts';
import type { TestApp } from '../helpers/app.ts';

const ROOT = new URL('../../../', import.meta.url).pathname;
// `node --import tsx`, as the Dockerfile runs it: the tsx CLI wrapper relays SIGTERM by
// waiting 30 ms (twice) for the child to confirm it, then SIGKILLs it (exit 143), which on
// a loaded machine kills the server in the middle of its graceful shutdown.
const NODE_ARGS = ['--import', 'tsx', 'server/src/server.ts'];

interface Proc {
  child: ChildProcess;
  stdout: string;
  stderr: string;
  exit: Promise<number | null>;
}

function start(env: Record<string, string>): Proc {
  const child = spawn(process.execPath, NODE_ARGS, {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/root', LOG_LEVEL: 'warn', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const p: Proc = { child, stdout: '', stderr: '', exit: new Promise((r) => child.once('exit', (code) => r(code))) };
  child.stdout!.on('data', (d) => (p.stdout += d));
  child.stderr!.on('data', (d) => (p.stderr += d));
  return p;
}

async function waitReady(p: Proc): Promise<string> {
  for (let i = 0; i < 600; i += 1) {
    const m = /running on (http:\/\/\S+)/.exec(p.stdout);
    if (m) return m[1]!.replace('localhost', '127.0.0.1');
    if (p.child.exitCode !== null) throw new Error(`server exited: ${p.stderr}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server not ready: ${p.stdout} ${p.stderr}`);
}

describe('the server process', () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
  });

  it('refuses a bad variable with one line naming it', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'tribune-proc-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const p = start({ PORT: 'not-a-port', DATA_DIR: dataDir });
    expect(await p.exit).toBe(1);
    const lines = p.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('PORT');
  });

  it('shuts down gracefully on SIGTERM and keeps every acknowledged change', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'tribune-proc-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    // No media: what is tested is the entry point, storage and the sockets (and it starts faster).
    const env: Record<string, string> = { PORT: '0', DATA_DIR: dataDir, MEDIA_ENABLED: 'false' };
    if (process.env.DATABASE_URL) {
      const db = await createTestDatabaseUrl();
      cleanups.push(() => db.drop());
      env.DATABASE_URL = db.url;
    }
    const first = start(env);
    cleanups.push(async () => first.child.kill('SIGKILL'));
    const baseUrl = await waitReady(first);
    // No ADMIN_TOKEN given: generated, printed once, kept in the data directory.
    const adminToken = /admin token[^\n]*\n\s+(\S+)/.exec(first.stdout)?.[1];
    expect(adminToken).toBeTruthy();
    const t = { baseUrl } as TestApp;
    const authed = (method: string, path: string, body?: unknown) => http(t, method, path, { body, token: adminToken! });
    const created = await authed('POST', '/api/debates', {
      title: 'Conseil de quartier',
      modalities: { format: 'online', scheduledStart: '2026-12-01T18:00:00Z', plannedDurationMinutes: 60, interventionModes: ['oral'] },
    });
    expect(created.status).toBe(201);
    const id = created.body.debate.id;
    expect((await authed('POST', `/api/debates/${id}/announce`)).status).toBe(200);
    expect((await authed('POST', `/api/debates/${id}/start`)).status).toBe(200);
    const mod = await authed('POST', `/api/debates/${id}/tokens/moderator`, {});
    const m = await connect(t, mod.body.token);
    const { pollId } = await m.ok('poll:create', {
      question: 'On continue ?',
      kind: 'single',
      options: ['Oui', 'Non'],
      anonymous: true,
      visibility: 'live',
      autoCloseSeconds: null,
      openNow: true,
    });
    const voters = await Promise.all(Array.from({ length: 20 }, (_, i) => joinDebate(t, id, { displayName: `V${i}` })));
    const sockets = await Promise.all(voters.map((v) => connect(t, v.token)));
    const acks = await Promise.all(sockets.map((s, i) => s.ok('poll:vote', { pollId, choices: [i % 2], seq: 1 })));
    expect(acks).toHaveLength(20);
    // Ballots still on their way when SIGTERM comes: each gets an answer before the socket closes.
    const closing = sockets.map((s, i) => {
      const disconnected = new Promise<'disconnected'>((r) => s.socket.once('disconnect', () => r('disconnected')));
      return Promise.race([s.emit('poll:vote', { pollId, choices: [(i + 1) % 2], seq: 2 }), disconnected]);
    });
    first.child.kill('SIGTERM');
    const answers = await Promise.all(closing);
    expect(await first.exit).toBe(0);
    for (const s of [m, ...sockets]) s.close();
    for (const a of answers) {
      expect(a).not.toBe('disconnected');
      if (a !== 'disconnected' && !a.ok) expect(a.error.code).toBe('UNAVAILABLE');
    }
    // The ones acknowledged changed their ballot, the others kept the first one.
    const yes = answers.reduce((n, a, i) => n + ((a !== 'disconnected' && a.ok ? (i + 1) % 2 : i % 2) === 0 ? 1 : 0), 0);

    const second = start(env);
    cleanups.push(async () => second.child.kill('SIGKILL'));
    const baseUrl2 = await waitReady(second);
    expect(second.stdout).not.toContain('admin token (generated once');
    const audit = await http({ baseUrl: baseUrl2 }, 'GET', `/api/debates/${id}/polls/${pollId}/audit`, { token: adminToken! });
    expect(audit.status).toBe(200);
    expect(audit.body.ballotRows).toBe(20);
    expect(audit.body.results.counts).toEqual([yes, 20 - yes]);
    second.child.kill('SIGTERM');
    expect(await second.exit).toBe(0);
    // Two starts of the real entry point: the first creates an embedded PGlite (initdb and
    // migrations: 15-36 s measured at load 11-14 on 2 cores, the second start 3-13 s); the
    // shutdowns take 0.1-0.7 s. The time is the starts', hence the room.
  }, 120_000);
});
