// The benchmark's Socket.IO clients, all in this one process: connect N participants with
// bounded concurrency (a client is ready once connected and its state:snapshot arrived),
// track when each sees a poll open, and count unexpected disconnects. Websocket only,
// no reconnection, no per-message logging: the client side must stay cheap.
import { io, type Socket } from 'socket.io-client';
import { summarize, type LatencySummary } from './stats.ts';

export interface ConnectStats {
  requested: number;
  connected: number;
  failures: number;
  firstFailure: string | null;
  /** From the first connect call to the last snapshot received. */
  totalMs: number;
  /** Per-socket time from connect call to snapshot. */
  perSocket: LatencySummary;
}

interface DebateEvent {
  type?: string;
  payload?: { pollId?: string };
}

export function openSocket(baseUrl: string, token: string): Socket {
  return io(baseUrl, {
    path: '/socket.io',
    transports: ['websocket'],
    auth: { token },
    forceNew: true,
    reconnection: false,
    autoConnect: false,
    timeout: 20_000,
  });
}

/** Connect one socket and wait for its state:snapshot; rejects on error or timeout. */
export function connectReady(socket: Socket, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`no state:snapshot within ${timeoutMs} ms`)), timeoutMs);
    const onError = (err: Error): void => fail(new Error(`connect_error: ${err.message}`));
    const onDisconnect = (reason: string): void => fail(new Error(`disconnected before snapshot: ${reason}`));
    function cleanup(): void {
      clearTimeout(timer);
      socket.off('connect_error', onError);
      socket.off('disconnect', onDisconnect);
    }
    function fail(err: Error): void {
      cleanup();
      socket.off('state:snapshot', onSnapshot);
      socket.disconnect();
      reject(err);
    }
    function onSnapshot(): void {
      cleanup();
      resolve();
    }
    socket.once('state:snapshot', onSnapshot);
    socket.once('connect_error', onError);
    socket.once('disconnect', onDisconnect);
    socket.connect();
  });
}

interface OpenedTrack {
  seen: number;
  lastAt: number;
  waiter: (() => void) | null;
}

export class ClientPool {
  readonly sockets: Socket[] = [];
  unexpectedDisconnects = 0;
  lastDisconnectReason: string | null = null;
  /** poll:opened sightings per pollId (the event may arrive before the moderator's ack). */
  private readonly opened = new Map<string, OpenedTrack>();

  constructor(private readonly baseUrl: string) {}

  get size(): number {
    return this.sockets.length;
  }

  async connectAll(tokens: readonly string[], concurrency: number, timeoutMs: number): Promise<ConnectStats> {
    const perSocket: number[] = [];
    const ready: (Socket | undefined)[] = new Array(tokens.length);
    let failures = 0;
    let firstFailure: string | null = null;
    let next = 0;
    const start = performance.now();
    const worker = async (): Promise<void> => {
      while (next < tokens.length) {
        const i = next++;
        const socket = openSocket(this.baseUrl, tokens[i]!);
        const t0 = performance.now();
        try {
          await connectReady(socket, timeoutMs);
          perSocket.push(performance.now() - t0);
          ready[i] = socket;
        } catch (err) {
          failures++;
          firstFailure ??= (err as Error).message;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, tokens.length) }, worker));
    const totalMs = performance.now() - start;
    for (const socket of ready) if (socket) this.adopt(socket);
    return {
      requested: tokens.length,
      connected: this.sockets.length,
      failures,
      firstFailure,
      totalMs,
      perSocket: summarize(perSocket),
    };
  }

  private track(pollId: string): OpenedTrack {
    let t = this.opened.get(pollId);
    if (!t) {
      t = { seen: 0, lastAt: 0, waiter: null };
      this.opened.set(pollId, t);
    }
    return t;
  }

  private adopt(socket: Socket): void {
    this.sockets.push(socket);
    socket.on('disconnect', (reason) => {
      if (reason !== 'io client disconnect') {
        this.unexpectedDisconnects++;
        this.lastDisconnectReason = reason;
      }
    });
    socket.on('debate:event', (event: DebateEvent) => {
      const pollId = event?.payload?.pollId;
      if (event?.type !== 'poll:opened' || typeof pollId !== 'string') return;
      const t = this.track(pollId);
      t.seen++;
      t.lastAt = performance.now();
      if (t.seen === this.sockets.length) t.waiter?.();
    });
  }

  /** Wait until every participant saw `pollId` open; lastAt is the last sighting (performance.now()). */
  waitAllOpened(pollId: string, timeoutMs: number): Promise<{ seen: number; lastAt: number | null }> {
    const t = this.track(pollId);
    const done = (): { seen: number; lastAt: number | null } => ({
      seen: t.seen,
      lastAt: t.seen === this.sockets.length ? t.lastAt : null,
    });
    if (t.seen === this.sockets.length) return Promise.resolve(done());
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        t.waiter = null;
        resolve(done());
      }, timeoutMs);
      t.waiter = () => {
        clearTimeout(timer);
        t.waiter = null;
        resolve(done());
      };
    });
  }

  closeAll(): void {
    for (const socket of this.sockets) socket.disconnect();
  }
}
