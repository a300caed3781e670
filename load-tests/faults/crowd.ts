// The suite's simulated people: one Socket.IO client each, like a browser. A member checks
// the seqs it receives (after its snapshot, every debate:event must be the next seq; a
// reconnection starts again from the new snapshot, which must not be behind what it saw)
// and, when its node goes away, reconnects to a node that is up (what the proxy does).
import { io, type Socket } from 'socket.io-client';

export interface AckResult {
  ok: boolean;
  data?: any;
  /** Error code of a refusal; 'NO_ACK' when no answer came (timeout or disconnection). */
  code?: string;
  sentAt: number;
  ackAt: number;
}

export interface SeqFigures {
  gaps: number;
  /** A snapshot older than events already seen (acknowledged state lost). */
  regressions: number;
  reconnects: number;
}

export type PickNode = (preferred: number) => string | null;

export class Member {
  private socket: Socket | null = null;
  private url: string | null = null;
  private lastSeq = -1;
  private buffered: number[] | null = null;
  private wanted = true;
  private connecting: Promise<void> | null = null;
  readonly seq: SeqFigures = { gaps: 0, regressions: 0, reconnects: 0 };
  listeners: ((event: any) => void)[] = [];
  /** Commands waiting for their ack: answered NO_ACK at once when the socket drops. */
  private readonly waiting = new Set<() => void>();

  constructor(
    readonly token: string,
    readonly participantId: string,
    public home: number,
    private readonly pick: PickNode,
  ) {}

  get connected(): boolean {
    return !!this.socket?.connected && this.buffered === null;
  }

  /** Connect to the home node (or any node that is up) and wait for the snapshot. */
  connect(timeoutMs = 20_000): Promise<void> {
    this.wanted = true;
    this.connecting ??= this.open(timeoutMs).finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  private async open(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const url = this.pick(this.home);
      if (url) {
        try {
          await this.openOnce(url, Math.min(5000, Math.max(500, deadline - Date.now())));
          return;
        } catch {
          // that node refused or did not answer: try again, maybe another node
        }
      }
      if (Date.now() > deadline || !this.wanted) throw new Error(`member ${this.participantId}: no node took the connection`);
      await new Promise((r) => setTimeout(r, 200 + Math.random() * 200));
    }
  }

  private openOnce(url: string, timeoutMs: number): Promise<void> {
    this.socket?.removeAllListeners();
    this.socket?.disconnect();
    this.url = url;
    const socket = io(url, { transports: ['websocket'], auth: { token: this.token }, forceNew: true, reconnection: false, timeout: timeoutMs });
    this.socket = socket;
    this.buffered = [];
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => fail(new Error('no snapshot')), timeoutMs);
      const fail = (err: Error) => {
        clearTimeout(timer);
        socket.removeAllListeners();
        socket.disconnect();
        reject(err);
      };
      socket.on('connect_error', (err) => fail(err));
      socket.on('debate:event', (e: { seq: number }) => {
        if (this.buffered) this.buffered.push(e.seq);
        else this.onSeq(e.seq);
        for (const l of this.listeners) l(e);
      });
      socket.once('state:snapshot', (snap: { seq: number }) => {
        clearTimeout(timer);
        if (snap.seq < this.lastSeq) this.seq.regressions++;
        this.lastSeq = snap.seq;
        const early = this.buffered ?? [];
        this.buffered = null;
        for (const s of early) if (s > snap.seq) this.onSeq(s);
        socket.off('connect_error');
        socket.on('disconnect', (reason) => {
          for (const give of [...this.waiting]) give();
          if (!this.wanted || reason === 'io client disconnect') return;
          this.seq.reconnects++;
          void this.connect().catch(() => undefined);
        });
        resolve();
      });
    });
  }

  private onSeq(seq: number): void {
    if (seq <= this.lastSeq) return;
    if (seq !== this.lastSeq + 1) this.seq.gaps++;
    this.lastSeq = seq;
  }

  /** One command with its ack; never throws. Waits for a connection first (not counted). */
  async emit(event: string, payload: unknown, timeoutMs = 15_000): Promise<AckResult> {
    if (!this.connected) await this.connect().catch(() => undefined);
    const socket = this.socket;
    const sentAt = Date.now();
    if (!socket?.connected) return { ok: false, code: 'NO_ACK', sentAt, ackAt: Date.now() };
    return new Promise((resolve) => {
      let done = false;
      const finish = (r: AckResult) => {
        if (done) return;
        done = true;
        this.waiting.delete(giveUp);
        resolve(r);
      };
      // A socket that drops while waiting never acks: answer at once rather than at the timeout.
      const giveUp = () => finish({ ok: false, code: 'NO_ACK', sentAt, ackAt: Date.now() });
      this.waiting.add(giveUp);
      socket.timeout(timeoutMs).emit(event, payload, (err: Error | null, ack: any) => {
        const ackAt = Date.now();
        if (err) finish({ ok: false, code: 'NO_ACK', sentAt, ackAt });
        else if (ack?.ok) finish({ ok: true, data: ack.data, sentAt, ackAt });
        else finish({ ok: false, code: String(ack?.error?.code ?? 'MALFORMED_ACK'), data: ack?.error, sentAt, ackAt });
      });
    });
  }

  /** Move to `home` (reconnect there) if connected elsewhere or not at all. */
  async rehome(home: number): Promise<void> {
    this.home = home;
    this.wanted = true;
    const url = this.pick(home);
    if (url && this.url === url && this.connected) return;
    this.wanted = false;
    this.socket?.removeAllListeners();
    this.socket?.disconnect();
    this.socket = null;
    await this.connect();
  }

  close(): void {
    this.wanted = false;
    this.socket?.removeAllListeners();
    this.socket?.disconnect();
    this.socket = null;
  }
}

/** Run `fn` over items with at most `n` in flight. */
export async function pool<T>(items: readonly T[], n: number, fn: (item: T, i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        await fn(items[i]!, i);
      }
    }),
  );
}
