// Pure helpers of the room display: which poll to feature, and the short join link.
import type { PollView } from './view-types.ts';

/**
 * The poll worth showing: the open one, else the last closed one with visible results;
 * never one the moderator took off the screen (and taking the last result off does not
 * bring an older one back).
 */
export function featuredPoll(polls: PollView[], hidden: readonly string[] = []): PollView | null {
  const open = polls.filter((p) => p.status === 'open');
  const closed = polls.filter((p) => p.status === 'closed' && p.results).sort((a, b) => (b.closedAt ?? 0) - (a.closedAt ?? 0));
  const candidate = open.at(-1) ?? closed[0];
  return candidate && !hidden.includes(candidate.id) ? candidate : null;
}

/** `https://example.org/d/abc` → `example.org/d/abc` (what people type). */
export function shortLink(url: string): string {
  return url.replace(/^https?:\/\//, '').replace(/\/$/, '');
}
