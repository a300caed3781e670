// The transcript of a debate, folded from its log (the public timeline carries every
// caption event whole): one entry per `caption:final` segment, with the turn's speaker
// name and side (from its `floor:granted`), the organizer's latest correction applied
// (the original text kept beside it), and whether it is the reference text (a human
// captioner's segments are; the engine's are not in a turn a captioner wrote in). Shared
// by the archive page, the WebVTT tracks, the exports and the search index. Pure.
import type { CaptionSource } from '../events/captions.ts';

export interface TranscriptSegment {
  segmentId: string;
  /** seq of the caption:final event. */
  seq: number;
  start: number;
  end: number;
  /** The text as it stands (corrected if it was). */
  text: string;
  /** The text first logged, when a correction replaced it. */
  original: string | null;
  correctedSeq: number | null;
  speakerId: string | null;
  speakerName: string | null;
  group: string | null;
  turnId: string | null;
  source: CaptionSource;
  reference: boolean;
}

/** A logged segment as the reference rule reads it. */
export interface SourcedSegment {
  turnId: string | null;
  source: CaptionSource;
}

/**
 * Whether each segment is the reference text: a human captioner's text is, and within a
 * turn where a captioner wrote, the engine's segments are not (they stay in the log,
 * marked, hidden by the displays).
 */
export function referenceFlags(segments: readonly SourcedSegment[]): boolean[] {
  const captioned = new Set(segments.filter((s) => s.source === 'captioner').map((s) => s.turnId ?? ''));
  return segments.map((s) => s.source === 'captioner' || !captioned.has(s.turnId ?? ''));
}

type LogEntry = { seq: number; type: string; payload: unknown };

export function transcriptOf(events: readonly LogEntry[]): TranscriptSegment[] {
  const turns = new Map<string, { name: string; group: string | null }>();
  const out: TranscriptSegment[] = [];
  const byId = new Map<string, TranscriptSegment>();
  for (const e of events) {
    if (e.type === 'floor:granted') {
      const p = e.payload as { turnId: string; name: string; group: string | null };
      turns.set(p.turnId, { name: p.name, group: p.group });
    } else if (e.type === 'caption:final') {
      const p = e.payload as { segmentId: string; start: number; end: number; text: string; speakerId: string | null; turnId: string | null; source: CaptionSource };
      const turn = p.turnId ? turns.get(p.turnId) : undefined;
      const seg: TranscriptSegment = {
        segmentId: p.segmentId, seq: e.seq, start: p.start, end: p.end, text: p.text, original: null, correctedSeq: null,
        speakerId: p.speakerId, speakerName: turn?.name ?? null, group: turn?.group ?? null, turnId: p.turnId, source: p.source, reference: true,
      };
      out.push(seg);
      byId.set(seg.segmentId, seg);
    } else if (e.type === 'caption:corrected') {
      const p = e.payload as { segmentId: string; text: string };
      const seg = byId.get(p.segmentId);
      if (!seg) continue;
      seg.original ??= seg.text;
      seg.text = p.text;
      seg.correctedSeq = e.seq;
    }
  }
  referenceFlags(out).forEach((ref, i) => (out[i]!.reference = ref));
  return out;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** `hh:mm:ss.mmm` of a WebVTT cue. */
export function vttTime(ms: number): string {
  const t = Math.max(0, Math.round(ms));
  return `${pad(Math.floor(t / 3_600_000))}:${pad(Math.floor(t / 60_000) % 60)}:${pad(Math.floor(t / 1000) % 60)}.${pad(t % 1000, 3)}`;
}

const escapeVtt = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\n+/g, ' ');
/** A voice tag's annotation ends at `>`; quoting would not help, so those are dropped. */
const voiceName = (s: string) => escapeVtt(s).replace(/&gt;|&lt;/g, '');

/**
 * The WebVTT track of a recording whose t=0 is `startedAt` (server clock) and that ends
 * at `endedAt` (null: still open): the reference segments within it, each cue voiced by
 * its speaker. A cue is at least one second long, so a typed line stays readable.
 */
export function webVtt(segments: readonly TranscriptSegment[], startedAt: number, endedAt: number | null): string {
  const lines = ['WEBVTT', ''];
  let n = 0;
  for (const s of segments) {
    if (!s.reference || s.end < startedAt || (endedAt !== null && s.start > endedAt)) continue;
    const from = s.start - startedAt;
    const to = Math.max(s.end - startedAt, from + 1000);
    n += 1;
    lines.push(String(n), `${vttTime(from)} --> ${vttTime(to)}`, s.speakerName ? `<v ${voiceName(s.speakerName)}>${escapeVtt(s.text)}` : escapeVtt(s.text), '');
  }
  return lines.join('\n');
}
