// Pure helpers of the room display: which poll to feature, and the short join link.
import type { PollView } from './view-types.ts';

/** The poll worth showing: the open one, else the last closed one with visible results. */
export function featuredPoll(polls: PollView[]): PollView | null {
  const open = polls.filter((p) => p.status === 'open');
  if (open.length) return open[open.length - 1]!;
  const closed = polls.filter((p) => p.status === 'closed' && p.results).sort((a, b) => (b.closedAt ?? 0) - (a.closedAt ?? 0));
  return closed[0] ?? null;
}

/** `https://example.org/d/abc` → `example.org/d/abc` (what people type). */
export function shortLink(url: string): string {
  return url.replace(/^https?:\/\//, '').replace(/\/$/, '');
}
