// Speaking time per speaker and per group from the turns view, the live floor included
// (computed at server time `now` from its timestamps): what the moderator console shows
// against the groups' quotas while the debate runs.
import { floorSpokenMs } from './clock.ts';
import type { DebateView } from './view-types.ts';

export interface SpeakerTime {
  participantId: string;
  name: string;
  group: string | null;
  spokenMs: number;
  turns: number;
  speakingNow: boolean;
}

export interface GroupTime {
  groupId: string;
  name: string;
  spokenMs: number;
  quotaMs: number | null;
  /** null without a quota; negative once exceeded. */
  remainingMs: number | null;
}

/** Per speaker, most speaking time first (the live turn counts as one). */
export function speakerTimes(view: Pick<DebateView, 'turns'>, now: number): SpeakerTime[] {
  const by = new Map<string, SpeakerTime>();
  const add = (id: string, name: string, group: string | null, ms: number, live: boolean) => {
    const s = by.get(id) ?? { participantId: id, name, group, spokenMs: 0, turns: 0, speakingNow: false };
    s.spokenMs += ms;
    s.turns += 1;
    s.speakingNow ||= live;
    by.set(id, s);
  };
  for (const turn of view.turns.turns) add(turn.participantId, turn.name, turn.group, turn.spokenMs, false);
  const floor = view.turns.floor;
  if (floor) add(floor.participantId, floor.name, floor.group, floorSpokenMs(floor, now), true);
  return [...by.values()].sort((a, b) => b.spokenMs - a.spokenMs || a.name.localeCompare(b.name));
}

/** Per group of the modalities, in their order, against the quota. */
export function groupTimes(view: Pick<DebateView, 'turns' | 'debate'>, now: number): GroupTime[] {
  const floor = view.turns.floor;
  return view.debate.modalities.groups.map((g) => {
    const live = floor && floor.group === g.id ? floorSpokenMs(floor, now) : 0;
    const spokenMs = (view.turns.groupSpokenMs[g.id] ?? 0) + live;
    const quotaMs = g.quotaSeconds === null ? null : g.quotaSeconds * 1000;
    return { groupId: g.id, name: g.name, spokenMs, quotaMs, remainingMs: quotaMs === null ? null : quotaMs - spokenMs };
  });
}

/** A participant's finished speaking time (queue entries show it to the moderator). */
export function spokenBy(view: Pick<DebateView, 'turns'>, participantId: string): number {
  return view.turns.spokenMs[participantId] ?? 0;
}

export function groupName(view: Pick<DebateView, 'debate'>, groupId: string | null): string | null {
  if (groupId === null) return null;
  return view.debate.modalities.groups.find((g) => g.id === groupId)?.name ?? groupId;
}
