// One realtime connection to a debate: Socket.IO with the participant's token, automatic
// reconnection, the debate store fed by snapshots / events / tallies, resync after a gap
// or a reconnection, the clock offset from `time:sync`, and `send`, an emit-with-ack
// wrapper that validates the payload with the shared schema and returns the typed ack.
// Every command carries an idempotency key (`commandId`, protocol/realtime.ts), so the
// one retry `send` makes after a timeout or a short unavailability returns the first
// result instead of applying the command twice. Ballots carry the voter's own sequence
// number, and one poll's ballots leave one at a time (the next after the previous ack),
// so the ballot counted is the last one acknowledged.
import { io, type Socket } from 'socket.io-client';
import { ServerClock, sampleFrom } from './clock.ts';
import { COMMANDS, type CommandData, type CommandName, type CommandPayload } from './commands.ts';
import { DebateStore } from './debate-store.ts';
import { newCommandId } from './command-id.ts';
import { COMMAND_ID_FIELD } from '../../../server/src/protocol/realtime.ts';
import type { Ack, DebateView, Snapshot, TallyMessage, ViewerInfo, WireEvent } from './view-types.ts';

export type ConnectionStatus = 'connecting' | 'online' | 'reconnecting' | 'refused';

export interface ConnectionOptions {
  token: string;
  viewer: ViewerInfo;
  /** Server origin; default: the page's origin. */
  url?: string;
  /** Node tests use websocket only; browsers try WebSocket first, then polling. */
  transports?: ('polling' | 'websocket')[];
  ackTimeoutMs?: number;
  /** `time:sync` round trips per synchronisation. */
  syncSamples?: number;
  /** Re-measure the offset this often (ms); 0 = never. */
  resyncClockEveryMs?: number;
  /** After a (re)connection, ask `state:resync` if no snapshot came within this delay. */
  snapshotTimeoutMs?: number;
  onView?(view: DebateView): void;
  onEvent?(event: WireEvent, before: DebateView, after: DebateView): void;
  onStatus?(status: ConnectionStatus, error?: { code: string; message: string }): void;
  onClockSynced?(offsetMs: number): void;
}

/** Events that only read: sent without a key, never retried by `send`. */
const READS: ReadonlySet<string> = new Set(['time:sync', 'state:resync']);

/** No answer, or the server asks to come back shortly: the keyed command may be sent again. */
function retryable(ack: Ack<unknown>): boolean {
  return !ack.ok && (ack.error.code === CLIENT_ERRORS.TIMEOUT || ack.error.code === 'UNAVAILABLE');
}

function retryDelay(ack: Ack<unknown>): number {
  const hint = !ack.ok ? (ack.error.details as { retryAfterMs?: unknown } | undefined)?.retryAfterMs : undefined;
  return typeof hint === 'number' && hint >= 0 ? Math.min(hint, 2000) : 500;
}

/** The debate a token is scoped to, read (not verified) from its payload; null if unreadable. */
export function debateOfToken(token: string): string | null {
  try {
    const payload = token.split('.')[1] ?? '';
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const id = (JSON.parse(json) as { debateId?: unknown }).debateId;
    return typeof id === 'string' ? id : null;
  } catch {
    // Not a JWT: the server will refuse it and say why.
    return null;
  }
}

/** Errors raised on this side of the wire, mapped to sentences like the server's codes. */
export const CLIENT_ERRORS = { TIMEOUT: 'TIMEOUT', OFFLINE: 'OFFLINE' } as const;

export class DebateConnection {
  readonly socket: Socket;
  readonly store: DebateStore;
  readonly clock = new ServerClock();
  status: ConnectionStatus = 'connecting';
  private clockTimer: ReturnType<typeof setInterval> | null = null;
  private snapshotTimer: ReturnType<typeof setTimeout> | null = null;
  private closed = false;
  private readonly ballotSeq = new Map<string, number>();
  private readonly ballotChain = new Map<string, Promise<unknown>>();

  constructor(private readonly opts: ConnectionOptions) {
    this.store = new DebateStore(opts.viewer, {
      resync: (afterSeq, reason) => void this.resync(afterSeq, reason),
      onChange: (view) => opts.onView?.(view),
      onEvent: (e, before, after) => opts.onEvent?.(e, before, after),
    });
    const debate = debateOfToken(opts.token);
    const socketOpts = {
      auth: { token: opts.token },
      // Lets a proxy in front of several nodes keep one debate's sockets on one node
      // (deploy/nginx.conf hashes on it); the server itself trusts only the token.
      ...(debate ? { query: { debate } } : {}),
      path: '/socket.io',
      reconnection: true,
      reconnectionDelay: 500,
      reconnectionDelayMax: 5000,
      // WebSocket first: one round trip less than polling-then-upgrade before the first
      // snapshot (the viewer's first frame comes sooner); polling if WebSocket fails.
      transports: opts.transports ?? ['websocket', 'polling'],
      tryAllTransports: true,
    };
    this.socket = opts.url ? io(opts.url, { ...socketOpts, forceNew: true }) : io(socketOpts);
    this.wire();
  }

  private setStatus(status: ConnectionStatus, error?: { code: string; message: string }): void {
    this.status = status;
    this.opts.onStatus?.(status, error);
  }

  private wire(): void {
    const s = this.socket;
    s.on('connect', () => {
      this.setStatus('online');
      this.store.expectSnapshot();
      this.armSnapshotTimer();
      void this.syncClock();
    });
    s.on('disconnect', (reason) => {
      if (this.closed) return;
      this.setStatus('reconnecting');
      this.store.expectSnapshot();
      // The server closed us on purpose (e.g. an oversized message): come back anyway.
      if (reason === 'io server disconnect') s.connect();
    });
    s.on('connect_error', (err: Error & { data?: { code?: string; message?: string } }) => {
      const code = err.data?.code;
      if (code) {
        // A refused handshake (bad or expired token, unknown debate) will not heal by retrying.
        this.setStatus('refused', { code, message: err.data?.message ?? err.message });
        return;
      }
      this.setStatus('reconnecting');
    });
    s.on('state:snapshot', (snapshot: Snapshot) => this.onSnapshot(snapshot));
    s.on('debate:event', (e: WireEvent) => this.store.receive(e));
    s.on('poll:tally', (t: TallyMessage) => this.store.tally(t));
  }

  private onSnapshot(snapshot: Snapshot): void {
    if (this.snapshotTimer) clearTimeout(this.snapshotTimer);
    this.snapshotTimer = null;
    this.clock.hint(snapshot.serverTime);
    this.store.loadSnapshot(snapshot);
  }

  private armSnapshotTimer(): void {
    if (this.snapshotTimer) clearTimeout(this.snapshotTimer);
    this.snapshotTimer = setTimeout(() => {
      this.snapshotTimer = null;
      if (this.store.isWaiting) void this.resync(this.store.seq, 'no snapshot after connecting');
    }, this.opts.snapshotTimeoutMs ?? 3000);
  }

  private async resync(afterSeq: number, reason: string): Promise<void> {
    const ack = await this.send('state:resync', { afterSeq });
    if (ack.ok) this.onSnapshot(ack.data);
    else if (!this.closed) setTimeout(() => this.store.resyncFailed(`${reason} (${ack.error.code})`), 1000);
  }

  /** Measure the clock offset with several sequential `time:sync` round trips. */
  async syncClock(samples = this.opts.syncSamples ?? 5): Promise<number> {
    this.clock.reset();
    for (let i = 0; i < samples; i += 1) {
      const t0 = Date.now();
      const ack = await this.send('time:sync', { t0 });
      if (!ack.ok) break;
      this.clock.addSample(sampleFrom(ack.data, Date.now()));
    }
    const every = this.opts.resyncClockEveryMs ?? 30_000;
    if (every > 0 && !this.clockTimer && !this.closed) {
      this.clockTimer = setInterval(() => void this.sampleOnce(), every);
    }
    this.opts.onClockSynced?.(this.clock.offset);
    return this.clock.offset;
  }

  private async sampleOnce(): Promise<void> {
    if (!this.socket.connected) return;
    const t0 = Date.now();
    const ack = await this.send('time:sync', { t0 });
    if (ack.ok) this.clock.addSample(sampleFrom(ack.data, Date.now()));
  }

  /**
   * Emit a client event and resolve with its ack. Never rejects: a payload refused by the
   * shared schema, a timeout or a closed connection come back as `{ ok: false, error }`.
   */
  async send<E extends CommandName>(event: E, payload: CommandPayload<E>): Promise<Ack<CommandData<E>>> {
    const parsed = COMMANDS[event].safeParse(payload);
    if (!parsed.success) {
      const details = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
      return { ok: false, error: { code: 'VALIDATION_FAILED', message: 'Invalid payload', details } };
    }
    if (this.closed) return { ok: false, error: { code: CLIENT_ERRORS.OFFLINE, message: 'Connection closed' } };
    const keyed = !READS.has(event);
    const data = keyed ? { ...(parsed.data as object), [COMMAND_ID_FIELD]: newCommandId() } : parsed.data;
    let ack = await this.emit<E>(event, data);
    if (keyed && retryable(ack) && !this.closed) {
      await new Promise((r) => setTimeout(r, retryDelay(ack)));
      ack = await this.emit<E>(event, data);
    }
    return ack;
  }

  private async emit<E extends CommandName>(event: E, data: unknown): Promise<Ack<CommandData<E>>> {
    try {
      const ack = await this.socket.timeout(this.opts.ackTimeoutMs ?? 10_000).emitWithAck(event, data);
      return ack as Ack<CommandData<E>>;
    } catch {
      return { ok: false, error: { code: CLIENT_ERRORS.TIMEOUT, message: `No answer to ${event}` } };
    }
  }

  /**
   * Vote and record the acknowledged ballot in the view (`myBallot`). Ballots of one poll
   * are sent one after the other, each numbered above the last (the time in ms, so that a
   * reloaded page still numbers above what it sent before).
   */
  vote(pollId: string, choices: number[]): Promise<Ack<CommandData<'poll:vote'>>> {
    const previous = this.ballotChain.get(pollId) ?? Promise.resolve();
    const next = previous.then(async () => {
      const seq = Math.max((this.ballotSeq.get(pollId) ?? 0) + 1, Date.now());
      this.ballotSeq.set(pollId, seq);
      const ack = await this.send('poll:vote', { pollId, choices, seq });
      if (ack.ok) this.store.myBallot(ack.data.pollId, ack.data.choices);
      return ack;
    });
    this.ballotChain.set(pollId, next.catch(() => undefined));
    return next;
  }

  close(): void {
    this.closed = true;
    if (this.clockTimer) clearInterval(this.clockTimer);
    if (this.snapshotTimer) clearTimeout(this.snapshotTimer);
    this.socket.close();
  }
}
