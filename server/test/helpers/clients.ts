// Test clients that speak to a real Tribune server: REST through fetch, realtime
// through socket.io-client. They track event seqs like a real client does.
import { io, type Socket } from 'socket.io-client';
import { expect } from 'vitest';
import type { Ack } from '../../src/protocol/common.ts';
import type { ModalitiesInput } from '../../src/protocol/modalities.ts';
import { ADMIN_TOKEN, type TestApp } from './app.ts';

export interface HttpResult<T = any> {
  status: number;
  body: T;
}

export async function http<T = any>(
  t: Pick<TestApp, 'baseUrl'>,
  method: string,
  path: string,
  opts: { body?: unknown; token?: string | null; raw?: string } = {},
): Promise<HttpResult<T>> {
  const headers: Record<string, string> = {};
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  let body: string | undefined;
  if (opts.raw !== undefined) {
    headers['content-type'] = 'application/json';
    body = opts.raw;
  } else if (opts.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  const res = await fetch(`${t.baseUrl}${path}`, { method, headers, body });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // non-JSON bodies (calendars) stay text
  }
  return { status: res.status, body: parsed as T };
}

export const admin = (t: TestApp, method: string, path: string, body?: unknown) =>
  http(t, method, path, { body, token: ADMIN_TOKEN });

export function modalities(overrides: Partial<ModalitiesInput> = {}): ModalitiesInput {
  return {
    format: 'hybrid',
    scheduledStart: '2026-12-03T18:30:00+01:00',
    plannedDurationMinutes: 90,
    interventionModes: ['oral', 'written'],
    pollsEnabled: true,
    groups: [
      { id: 'pour', name: 'Pour', quotaSeconds: 600 },
      { id: 'contre', name: 'Contre', quotaSeconds: 600 },
    ],
    guests: [{ id: 'alice', name: 'Alice Martin', affiliation: 'Mairie', group: 'pour' }],
    turn: { defaultSeconds: 60, warningSeconds: [30, 10], expiry: 'hard' },
    ...overrides,
  };
}

/** Create, announce and (optionally) start a debate; returns its id and a moderator token. */
export async function liveDebate(
  t: TestApp,
  opts: { modalities?: Partial<ModalitiesInput>; start?: boolean; title?: string } = {},
): Promise<{ debateId: string; moderatorToken: string }> {
  const created = await admin(t, 'POST', '/api/debates', {
    title: opts.title ?? 'Budget participatif',
    modalities: modalities(opts.modalities),
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const debateId = created.body.debate.id as string;
  expect((await admin(t, 'POST', `/api/debates/${debateId}/announce`)).status).toBe(200);
  if (opts.start !== false) expect((await admin(t, 'POST', `/api/debates/${debateId}/start`)).status).toBe(200);
  const mod = await admin(t, 'POST', `/api/debates/${debateId}/tokens/moderator`);
  expect(mod.status, JSON.stringify(mod.body)).toBe(200);
  return { debateId, moderatorToken: mod.body.token };
}

export async function join(
  t: TestApp,
  debateId: string,
  body: Record<string, unknown> = { displayName: 'Camille' },
): Promise<{ token: string; participantId: string }> {
  const res = await http(t, 'POST', `/api/debates/${debateId}/join`, { body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { token: res.body.token, participantId: res.body.participantId };
}

export interface WireEvent {
  seq: number;
  at: number;
  type: string;
  payload: any;
  actor: any;
}

export class TestClient {
  readonly events: WireEvent[] = [];
  readonly tallies: any[] = [];
  snapshot: any = null;
  lastSeq = 0;
  gaps = 0;
  private waiters: (() => void)[] = [];

  constructor(readonly socket: Socket) {
    socket.on('state:snapshot', (s) => {
      this.snapshot = s;
      this.lastSeq = s.seq;
      this.notify();
    });
    socket.on('debate:event', (e: WireEvent) => {
      if (e.seq <= this.lastSeq) return;
      if (e.seq !== this.lastSeq + 1) this.gaps += 1;
      this.lastSeq = e.seq;
      this.events.push(e);
      this.notify();
    });
    socket.on('poll:tally', (tally) => {
      this.tallies.push(tally);
      this.notify();
    });
  }

  emit<T = any>(event: string, payload?: unknown): Promise<Ack<T>> {
    return this.socket.timeout(10_000).emitWithAck(event, payload) as Promise<Ack<T>>;
  }

  /** Emit and expect success; returns the ack data. */
  async ok<T = any>(event: string, payload?: unknown): Promise<T> {
    const ack = await this.emit<T>(event, payload);
    if (!ack.ok) throw new Error(`${event} refused: ${ack.error.code} ${ack.error.message}`);
    return ack.data;
  }

  /** Emit and expect a refusal; returns the error code. */
  async refused(event: string, payload?: unknown): Promise<string> {
    const ack = await this.emit(event, payload);
    if (ack.ok) throw new Error(`${event} unexpectedly accepted`);
    return ack.error.code;
  }

  waitFor<T>(probe: () => T | undefined | null | false, what: string, timeoutMs = 10_000): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const v = probe();
        if (v) {
          clearTimeout(timer);
          this.waiters = this.waiters.filter((w) => w !== check);
          resolve(v);
          return true;
        }
        return false;
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== check);
        reject(new Error(`timed out waiting for ${what}`));
      }, timeoutMs);
      if (!check()) this.waiters.push(check);
    });
  }

  waitForEvent(type: string, match: (e: WireEvent) => boolean = () => true, timeoutMs?: number): Promise<WireEvent> {
    return this.waitFor(() => this.events.find((e) => e.type === type && match(e)), `event ${type}`, timeoutMs);
  }

  close(): void {
    this.socket.close();
  }

  private notify(): void {
    for (const w of [...this.waiters]) w();
  }
}

/** Connect with a token and wait for the initial snapshot. */
export async function connect(t: TestApp, token: string): Promise<TestClient> {
  const socket = io(t.baseUrl, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
  const client = new TestClient(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect_error', (err: any) => reject(Object.assign(new Error(err.message), { data: err.data })));
    socket.once('state:snapshot', () => resolve());
  });
  return client;
}

/** Try to connect and return the handshake refusal code. */
export async function connectRefused(t: TestApp, auth: Record<string, unknown>): Promise<string> {
  const socket = io(t.baseUrl, { auth, transports: ['websocket'], reconnection: false, forceNew: true });
  try {
    return await new Promise<string>((resolve, reject) => {
      socket.once('connect_error', (err: any) => resolve(err.data?.code ?? err.message));
      socket.once('state:snapshot', () => reject(new Error('connection unexpectedly accepted')));
    });
  } finally {
    socket.close();
  }
}
