// Which turn a caption belongs to. The floor's history (who held it, from when to when)
// is built from the committed floor events; recognised words (server-clock times) are cut
// into caption segments: a word belongs to the turn whose span holds its middle, a segment
// never crosses a floor change, a long pause or a maximum length, and words spoken while
// nobody had the floor are dropped (the floor holder is who is captioned). Pure: the
// caller gives every instant; tests drive them with a fake clock.
import type { Actor } from '../../protocol/common.ts';

export interface FloorSpan {
  turnId: string;
  speakerId: string;
  name: string;
  group: string | null;
  start: number;
  /** null: still holding the floor. */
  end: number | null;
}

export interface TimedWord {
  word: string;
  /** Server clock (ms). */
  start: number;
  end: number;
}

export interface CaptionDraft {
  start: number;
  end: number;
  text: string;
  speakerId: string;
  turnId: string;
}

export interface SegmentRules {
  /** A silence longer than this between two words starts a new segment. */
  maxGapMs: number;
  /** A segment holding this many words is closed (two display lines). */
  maxWords: number;
}

export const DEFAULT_SEGMENT_RULES: SegmentRules = { maxGapMs: 1500, maxWords: 16 };

/** The floor events this history reads (payload fields as in protocol/events/turns.ts). */
type FloorEvent = { type: string; at: number; payload: unknown; actor?: Actor };

/** The floor's spans, oldest first, kept for `retainMs` after they end. */
export class FloorHistory {
  readonly #spans: FloorSpan[] = [];
  constructor(private readonly retainMs = 120_000) {}

  apply(e: FloorEvent): void {
    const p = e.payload as { turnId?: string; participantId?: string; name?: string; group?: string | null };
    if (e.type === 'floor:granted' && p.turnId && p.participantId) {
      this.#close(e.at);
      this.#spans.push({ turnId: p.turnId, speakerId: p.participantId, name: p.name ?? '', group: p.group ?? null, start: e.at, end: null });
    } else if (e.type === 'floor:ended' || e.type === 'floor:expired' || e.type === 'debate:ended') {
      this.#close(e.at);
    }
  }

  /** The spans still useful at `now` (older ones are forgotten). */
  spans(now: number): readonly FloorSpan[] {
    while (this.#spans.length > 1 && this.#spans[0]!.end !== null && this.#spans[0]!.end < now - this.retainMs) this.#spans.shift();
    return this.#spans;
  }

  /** Who holds the floor at `at`, if anyone. */
  holderAt(at: number): FloorSpan | null {
    return spanAt(this.#spans, at);
  }

  #close(at: number): void {
    const last = this.#spans.at(-1);
    if (last && last.end === null) last.end = at;
  }
}

export function spanAt(spans: readonly FloorSpan[], at: number): FloorSpan | null {
  for (let i = spans.length - 1; i >= 0; i--) {
    const s = spans[i]!;
    if (s.start <= at && (s.end === null || at < s.end)) return s;
  }
  return null;
}

/** Words (in time order) cut into segments, each within one turn. */
export function segmentWords(words: readonly TimedWord[], spans: readonly FloorSpan[], rules: SegmentRules = DEFAULT_SEGMENT_RULES): CaptionDraft[] {
  const out: CaptionDraft[] = [];
  let current: { span: FloorSpan; words: TimedWord[] } | null = null;
  const close = () => {
    if (current && current.words.length > 0) {
      out.push({
        start: current.words[0]!.start,
        end: current.words.at(-1)!.end,
        text: current.words.map((w) => w.word).join(' '),
        speakerId: current.span.speakerId,
        turnId: current.span.turnId,
      });
    }
    current = null;
  };
  for (const w of words) {
    const span = spanAt(spans, (w.start + w.end) / 2);
    if (!span) {
      close();
      continue;
    }
    const c = current as { span: FloorSpan; words: TimedWord[] } | null;
    const gap = c && c.words.length > 0 ? w.start - c.words.at(-1)!.end : 0;
    if (!c || c.span.turnId !== span.turnId || gap > rules.maxGapMs || c.words.length >= rules.maxWords) {
      close();
      current = { span, words: [] };
    }
    current!.words.push(w);
  }
  close();
  return out;
}

// The reference rule (a captioner's text over the engine's) is shared with the client.
export { referenceFlags, type SourcedSegment } from '../../protocol/folds/transcript.ts';
