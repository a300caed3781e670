// The client copy of one debate as this viewer may see it: loaded from `state:snapshot`
// (or a `state:resync` answer), then advanced by `debate:event`s strictly in seq order.
// A duplicate (seq <= last) is ignored; a gap (seq > last + 1), or an event the reducer
// cannot apply, asks for a resync; events arriving meanwhile are buffered and replayed
// on top of the fresh snapshot. No I/O here: the socket layer wires the callbacks.
import { applyMyBallot, applyTally, reduce } from './reducer/index.ts';
import type { DebateView, Snapshot, TallyMessage, ViewerInfo, WireEvent } from './view-types.ts';

export type ReceiveResult = 'applied' | 'duplicate' | 'buffered' | 'gap' | 'diverged';

export interface StoreHooks {
  /** Ask the server for a fresh state (`state:resync { afterSeq }`), then call loadSnapshot. */
  resync(afterSeq: number, reason: string): void;
  /** The view changed (a new object every time). */
  onChange?(view: DebateView): void;
  /** An event was applied (for announcements: timer warnings, poll changes). */
  onEvent?(event: WireEvent, before: DebateView, after: DebateView): void;
}

/** Events buffered while waiting for a snapshot: bounded, the snapshot makes them moot. */
const MAX_BUFFER = 5000;

export class DebateStore {
  private current: DebateView | null = null;
  private pending: WireEvent[] = [];
  private waiting = true;
  /** Why the last resync was asked (diagnostics, tests). */
  lastResyncReason: string | null = null;
  resyncCount = 0;

  constructor(
    private readonly viewer: ViewerInfo,
    private readonly hooks: StoreHooks,
  ) {}

  get view(): DebateView | null {
    return this.current;
  }

  /** seq of the last applied event (0 before any snapshot). */
  get seq(): number {
    return this.current?.seq ?? 0;
  }

  /** True while a snapshot is awaited (first load or resync in flight). */
  get isWaiting(): boolean {
    return this.waiting;
  }

  loadSnapshot(snapshot: Snapshot): void {
    this.current = snapshot.state;
    this.waiting = false;
    const buffered = this.pending.filter((e) => e.seq > snapshot.state.seq).sort((a, b) => a.seq - b.seq);
    this.pending = [];
    this.hooks.onChange?.(this.current);
    // Replay only the run that continues the snapshot. Anything past a hole is stale (the
    // snapshot was asked after those events were committed, so it should include them):
    // dropping it is safe, a real later event would reveal the gap and ask again.
    for (const e of buffered) {
      if (e.seq !== this.seq + 1) break;
      if (this.receive(e) !== 'applied') break;
    }
  }

  receive(event: WireEvent): ReceiveResult {
    const view = this.current;
    if (view && event.seq <= view.seq) return 'duplicate';
    if (this.waiting || !view) {
      this.buffer(event);
      return 'buffered';
    }
    if (event.seq !== view.seq + 1) {
      this.buffer(event);
      this.askResync(`gap: got seq ${event.seq} after ${view.seq}`);
      return 'gap';
    }
    const r = reduce(view, event, this.viewer);
    if (r.kind === 'diverged') {
      this.askResync(r.reason);
      return 'diverged';
    }
    this.current = r.view;
    this.hooks.onChange?.(r.view);
    this.hooks.onEvent?.(event, view, r.view);
    if (r.refresh) this.askResync(r.refresh);
    return 'applied';
  }

  tally(message: TallyMessage): void {
    if (!this.current) return;
    const next = applyTally(this.current, message.pollId, message.results);
    if (next === this.current) return;
    this.current = next;
    this.hooks.onChange?.(next);
  }

  /** Record this viewer's acknowledged ballot. */
  myBallot(pollId: string, choices: number[]): void {
    if (!this.current) return;
    const next = applyMyBallot(this.current, pollId, choices);
    if (next === this.current) return;
    this.current = next;
    this.hooks.onChange?.(next);
  }

  /** After a reconnection: the server sends a snapshot; events until then are buffered. */
  expectSnapshot(): void {
    this.waiting = true;
  }

  /** The resync request failed: ask again. */
  resyncFailed(reason: string): void {
    this.waiting = false;
    this.askResync(`retry: ${reason}`);
  }

  private askResync(reason: string): void {
    if (this.waiting) return;
    this.waiting = true;
    this.lastResyncReason = reason;
    this.resyncCount += 1;
    this.hooks.resync(this.seq, reason);
  }

  private buffer(event: WireEvent): void {
    if (this.pending.length < MAX_BUFFER) this.pending.push(event);
  }
}
