// The live caption lines of one debate on this page: the final segments as they are
// logged (`caption:final` in the event stream) and the engine's partial hypothesis (the
// `caption:partial` push, never logged), attributed to the speaker by name. The reference
// rule is the server's (protocol/folds/transcript.ts): in a turn where a human captioner
// wrote, the engine's lines are hidden. `announce` is what a screen reader hears: one
// final reference line at a time, never a partial (a partial changes many times a
// second and would flood it).
import { signal, type Signal } from '@preact/signals';
import type { Socket } from 'socket.io-client';
import { CAPTION_PUSHES } from '../../../server/src/protocol/captions.ts';
import type { CaptionSegment } from '../../../server/src/protocol/events/captions.ts';
import type { DebateView, WireEvent } from './view-types.ts';

export interface CaptionLine {
  segmentId: string;
  speakerId: string | null;
  speakerName: string | null;
  text: string;
  final: boolean;
  source: CaptionSegment['source'];
  turnId: string | null;
}

/** Lines kept: the display shows two, the page three; a few more cover hidden engine lines. */
const KEEP = 8;

function nameIn(view: DebateView | null, id: string | null): string | null {
  if (!view || !id) return null;
  if (view.turns.floor?.participantId === id) return view.turns.floor.name;
  return view.turns.turns.find((t) => t.participantId === id)?.name ?? view.turns.queue.find((e) => e.participantId === id)?.name ?? null;
}

export class CaptionFeed {
  readonly lines: Signal<CaptionLine[]> = signal([]);
  /** The last final reference line, with a counter so an equal text is announced again. */
  readonly announce: Signal<{ n: number; line: CaptionLine } | null> = signal(null);
  #captioned = new Set<string>();
  #n = 0;

  event(e: WireEvent, view: DebateView | null): void {
    if (e.type !== 'caption:final') return;
    const p = e.payload as CaptionSegment;
    const line = this.#line(p, view, true);
    if (p.source === 'captioner') this.#captioned.add(p.turnId ?? '');
    const kept = this.lines.value.filter((l) => l.final);
    this.lines.value = [...kept, line].slice(-KEEP);
    if (this.isReference(line)) this.announce.value = { n: (this.#n += 1), line };
  }

  partial(p: CaptionSegment, view: DebateView | null): void {
    const kept = this.lines.value.filter((l) => l.final);
    this.lines.value = [...kept, this.#line(p, view, false)].slice(-KEEP);
  }

  /** False for the engine's lines of a turn a captioner wrote in. */
  isReference(l: CaptionLine): boolean {
    return l.source === 'captioner' || !this.#captioned.has(l.turnId ?? '');
  }

  /** The lines to show, newest last. */
  visible(count: number): CaptionLine[] {
    return this.lines.value.filter((l) => this.isReference(l)).slice(-count);
  }

  listen(socket: Socket, view: () => DebateView | null): void {
    socket.on(CAPTION_PUSHES.partial, (p: CaptionSegment) => {
      if (p && typeof p.text === 'string') this.partial(p, view());
    });
  }

  #line(p: CaptionSegment, view: DebateView | null, final: boolean): CaptionLine {
    return { segmentId: p.segmentId, speakerId: p.speakerId, speakerName: nameIn(view, p.speakerId), text: p.text, final, source: p.source, turnId: p.turnId };
  }
}
