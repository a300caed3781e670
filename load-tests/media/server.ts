// Tribune for the media benchmark, in this process (so the bench reaches the debate's
// router and the worker's pid): one mediasoup worker on 127.0.0.1, a temporary data
// directory, random secrets; a live debate with a citizen holding the floor for an hour
// (the publisher), and helpers to join and to drive the debate over REST and Socket.IO.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { io, type Socket } from 'socket.io-client';
import { buildApp } from '../../server/src/app.ts';
import { loadConfig } from '../../server/src/config.ts';
import { workerBinaryPath, workerCacheLocation } from '../../media/worker/locate.ts';

export interface BenchServer {
  app: FastifyInstance;
  baseUrl: string;
  close(): Promise<void>;
  rest<T = any>(method: string, path: string, body?: unknown, token?: string): Promise<T>;
}

export function checkPrerequisites(repoRoot: string): void {
  if (!workerBinaryPath()) throw new Error(`mediasoup worker missing (${workerCacheLocation().binary}): run npm run media:worker`);
  if (!existsSync(resolve(repoRoot, 'client/dist/index.html'))) throw new Error('client/dist missing: run npm run client:build');
}

/** `env`: more settings (the broadcast bench turns the broadcast on). */
export async function startTribune(rtcMinPort: number, env: Record<string, string> = {}): Promise<BenchServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'tribune-bench-media-'));
  const adminToken = randomBytes(24).toString('base64url');
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    ADMIN_TOKEN: adminToken,
    JWT_SECRET: randomBytes(48).toString('base64url'),
    LOG_LEVEL: 'warn',
    MEDIA_WORKERS: '1',
    MEDIA_RTC_MIN_PORT: String(rtcMinPort),
    MEDIA_RTC_MAX_PORT: String(rtcMinPort + 1999),
    MEDIA_LOG_LEVEL: process.env.BENCH_MEDIA_LOG ?? 'error',
    SOCKET_RATE_BURST: '1000',
    SOCKET_RATE_PER_SEC: '1000',
    // Every virtual user joins from 127.0.0.1: the per-address join limits are lifted.
    JOIN_LIMIT_PER_IP: '1000000',
    JOIN_LIMIT_PER_DEBATE: '1000000',
    ...env,
  });
  let app: FastifyInstance;
  try {
    app = await buildApp(config, { logger: false });
    await app.listen({ port: 0, host: '127.0.0.1' });
    await app.services.resumeLiveDebates();
  } catch (err) {
    await rm(dataDir, { recursive: true, force: true });
    throw err;
  }
  const address = app.server.address();
  const baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const rest = async <T>(method: string, path: string, body?: unknown, token = adminToken): Promise<T> => {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return (text ? JSON.parse(text) : null) as T;
  };
  return {
    app,
    baseUrl,
    rest,
    close: async () => {
      await app.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export interface Participant {
  token: string;
  participantId: string;
  name: string;
}

export interface BenchDebate {
  debateId: string;
  moderator: Socket;
  publisher: Participant;
  join(name: string): Promise<Participant>;
  /** Acked emit; throws on a refusal. */
  command(socket: Socket, event: string, payload: unknown): Promise<any>;
  sockets: Socket[];
}

function connectSocket(baseUrl: string, token: string): Promise<Socket> {
  const socket = io(baseUrl, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
  return new Promise((resolve, reject) => {
    socket.once('connect_error', (err) => reject(err));
    socket.once('state:snapshot', () => resolve(socket));
  });
}

async function command(socket: Socket, event: string, payload: unknown): Promise<any> {
  const ack = await socket.timeout(10_000).emitWithAck(event, payload);
  if (!ack.ok) throw new Error(`${event} refused: ${ack.error.code} ${ack.error.message}`);
  return ack.data;
}

/** A live debate whose citizen "Oratrice" holds the floor (oral, one hour). */
export async function liveDebateWithSpeaker(s: BenchServer): Promise<BenchDebate> {
  const created = await s.rest<{ debate: { id: string } }>('POST', '/api/debates', {
    title: 'Banc d’essai média',
    modalities: {
      format: 'hybrid',
      scheduledStart: new Date(Date.now() + 3_600_000).toISOString(),
      plannedDurationMinutes: 120,
      interventionModes: ['oral'],
      turn: { defaultSeconds: 3600, warningSeconds: [60], expiry: 'soft' },
    },
  });
  const debateId = created.debate.id;
  await s.rest('POST', `/api/debates/${debateId}/announce`);
  await s.rest('POST', `/api/debates/${debateId}/start`);
  const mod = await s.rest<{ token: string }>('POST', `/api/debates/${debateId}/tokens/moderator`);
  const join = async (name: string): Promise<Participant> => {
    const j = await s.rest<{ token: string; participantId: string }>('POST', `/api/debates/${debateId}/join`, { displayName: name }, '');
    return { token: j.token, participantId: j.participantId, name };
  };
  const sockets: Socket[] = [];
  const moderator = await connectSocket(s.baseUrl, mod.token);
  sockets.push(moderator);
  const publisher = await join('Oratrice');
  const speaker = await connectSocket(s.baseUrl, publisher.token);
  sockets.push(speaker);
  await command(speaker, 'queue:raise', { mode: 'oral' });
  await command(moderator, 'floor:grant', { participantId: publisher.participantId, seconds: 3600 });
  // The speaker's own page will hold the participant's media; this socket was only for the hand.
  speaker.close();
  return { debateId, moderator, publisher, join, command, sockets };
}
