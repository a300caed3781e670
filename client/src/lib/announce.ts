// What a screen reader should hear when the debate changes: timer warnings, the floor
// changing hands, polls opening and closing, the debate starting and ending. Pure: turns
// one applied event into a message key (or nothing); the page puts it in an aria-live region.
import type { MessageKey, Params } from './i18n.ts';
import { groupName } from './speaking-time.ts';
import type { DebateView, ViewerInfo, WireEvent } from './view-types.ts';

export interface Announcement {
  key: MessageKey;
  params?: Params;
  /** Timer warnings for the person speaking interrupt; the rest waits its turn. */
  urgent?: boolean;
}

export function announcementFor(
  e: WireEvent,
  before: DebateView,
  after: DebateView,
  viewer: ViewerInfo,
): Announcement | null {
  const mine = (participantId: string) => viewer.participantId !== null && viewer.participantId === participantId;
  switch (e.type) {
    case 'floor:warning': {
      const p = e.payload;
      const holder = before.turns.floor;
      const isMe = holder !== null && mine(holder.participantId);
      return { key: isMe ? 'announce.warningYou' : 'announce.warning', params: { seconds: p.thresholdSeconds }, urgent: isMe };
    }
    case 'floor:granted': {
      const p = e.payload;
      if (mine(p.participantId)) return { key: 'announce.youHaveFloor', urgent: true };
      return { key: 'announce.floorGranted', params: { name: p.name } };
    }
    case 'floor:paused':
      return { key: 'announce.floorPaused' };
    case 'floor:resumed':
      return { key: 'announce.floorResumed' };
    case 'floor:extended': {
      const p = e.payload;
      const seconds = Math.round(p.addedMs / 1000);
      const holder = before.turns.floor;
      const group = holder?.group ? (groupName(after, holder.group) ?? holder.group) : null;
      // Say why the time added is not what was asked: the side's quota (or its override).
      if (group && p.quotaOverridden) return { key: 'announce.floorExtendedOverride', params: { seconds, group } };
      if (group && p.addedMs < p.requestedMs) {
        return { key: 'announce.floorExtendedCapped', params: { added: seconds, requested: Math.round(p.requestedMs / 1000), group } };
      }
      return { key: 'announce.floorExtended', params: { seconds } };
    }
    case 'floor:overtime':
      return { key: 'announce.overtime' };
    case 'floor:expired':
    case 'floor:ended': {
      const holder = before.turns.floor;
      return holder ? { key: 'announce.floorEnded', params: { name: holder.name } } : null;
    }
    case 'poll:opened': {
      const { pollId } = e.payload;
      const poll = after.polls.polls.find((p) => p.id === pollId);
      return poll ? { key: 'announce.pollOpened', params: { question: poll.question } } : null;
    }
    case 'poll:closed': {
      const { pollId } = e.payload;
      const poll = after.polls.polls.find((p) => p.id === pollId);
      if (!poll) return null;
      return { key: poll.results ? 'announce.pollClosedResults' : 'announce.pollClosed', params: { question: poll.question } };
    }
    case 'queue:skipped': {
      if (viewer.role !== 'moderator') return null;
      const names = e.payload.skipped.map((s) => s.name).join(', ');
      return { key: 'presence.skipped', params: { names, count: e.payload.skipped.length } };
    }
    case 'debate:started':
      return { key: 'announce.debateStarted' };
    case 'debate:ended':
      return { key: 'announce.debateEnded' };
    case 'queue:moved':
    case 'queue:prioritized':
    case 'queue:removed': {
      if (!viewer.participantId) return null;
      const was = before.turns.queue.findIndex((q) => mine(q.participantId));
      const now = after.turns.queue.findIndex((q) => mine(q.participantId));
      if (was >= 0 && now < 0) return { key: 'announce.removedFromQueue' };
      if (now >= 0 && now !== was) return { key: 'announce.queuePosition', params: { position: now + 1 } };
      return null;
    }
    default:
      return null;
  }
}
