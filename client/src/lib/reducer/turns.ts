// Client fold of the speaking-turns events (queue, floor, agenda) over the turns view.
// Every viewer sees the whole turns slice, so this mirrors the server's fold exactly;
// an event that does not fit (an unknown queue entry, another turn on the floor) means
// the local view diverged, and the store resyncs.
import type { DebateView, Floor, TurnEvents, WireEvent } from '../view-types.ts';
import { diverged, withSlice, type SliceReducer } from './common.ts';

type Turns = DebateView['turns'];

function take(turns: Turns, participantId: string) {
  const i = turns.queue.findIndex((e) => e.participantId === participantId);
  if (i < 0) return undefined;
  return turns.queue.splice(i, 1)[0];
}

function takeOrDiverge(turns: Turns, participantId: string) {
  return take(turns, participantId) ?? diverged(`${participantId} is not in the local queue`);
}

/** Index after the last point-of-order entry (same rule as the server's queue). */
function priorityPosition(queue: Turns['queue']): number {
  let pos = 0;
  queue.forEach((e, i) => {
    if (e.priority) pos = i + 1;
  });
  return pos;
}

/** Thresholds already behind a turn with `remainingMs` left (mirrors the server). */
export function passedWarnings(warningSeconds: readonly number[], remainingMs: number): number[] {
  return [...new Set(warningSeconds)].filter((t) => t * 1000 >= remainingMs).sort((a, b) => b - a);
}

function currentFloor(turns: Turns, turnId: string): Floor {
  const floor = turns.floor;
  if (!floor || floor.turnId !== turnId) diverged(`turn ${turnId} is not on the local floor`);
  return floor;
}

function grant(turns: Turns, p: TurnEvents.FloorGranted, warningSeconds: readonly number[]): void {
  if (turns.floor) diverged('floor granted while the local floor is busy');
  take(turns, p.participantId);
  if (p.agendaSlotId !== null) {
    for (const slot of turns.agenda) {
      if (slot.id === p.agendaSlotId) {
        if (slot.status !== 'done') slot.status = 'current';
      } else if (slot.status === 'current') slot.status = 'done';
    }
  }
  turns.floor = {
    turnId: p.turnId,
    participantId: p.participantId,
    name: p.name,
    role: p.role,
    mode: p.mode,
    group: p.group,
    grantedAt: p.grantedAt,
    allottedMs: p.allottedMs,
    accumulatedMs: 0,
    runningSince: p.grantedAt,
    deadline: p.deadline,
    pausedRemainingMs: null,
    warningsSent: passedWarnings(warningSeconds, p.allottedMs),
    overtimeSince: null,
    agendaSlotId: p.agendaSlotId,
    contributionId: p.contributionId,
  };
}

function close(turns: Turns, p: TurnEvents.FloorEnded | TurnEvents.FloorExpired): void {
  const floor = currentFloor(turns, p.turnId);
  turns.turns.push({
    turnId: floor.turnId,
    participantId: floor.participantId,
    name: floor.name,
    role: floor.role,
    group: floor.group,
    mode: floor.mode,
    startedAt: floor.grantedAt,
    endedAt: p.endedAt,
    allottedMs: floor.allottedMs,
    spokenMs: p.spokenMs,
    overtimeMs: p.overtimeMs,
    endReason: p.reason,
    agendaSlotId: floor.agendaSlotId,
    contributionId: floor.contributionId,
  });
  turns.spokenMs[floor.participantId] = (turns.spokenMs[floor.participantId] ?? 0) + p.spokenMs;
  if (floor.group !== null) turns.groupSpokenMs[floor.group] = (turns.groupSpokenMs[floor.group] ?? 0) + p.spokenMs;
  const slot = turns.agenda.find((s) => s.id === floor.agendaSlotId);
  if (slot?.kind === 'speech') slot.status = 'done';
  turns.floor = null;
}

function fold(turns: Turns, e: WireEvent, warningSeconds: readonly number[]): void {
  const p = e.payload as never;
  switch (e.type) {
    case 'queue:raised': {
      const r = p as TurnEvents.QueueRaised;
      if (turns.queue.some((q) => q.participantId === r.entry.participantId)) diverged('already in the local queue');
      turns.queue.splice(Math.min(r.position, turns.queue.length), 0, { ...r.entry });
      return;
    }
    case 'queue:lowered':
    case 'queue:removed':
      takeOrDiverge(turns, (p as TurnEvents.QueueLowered).participantId);
      return;
    case 'queue:moved': {
      const m = p as TurnEvents.QueueMoved;
      const entry = takeOrDiverge(turns, m.participantId);
      turns.queue.splice(Math.min(m.position, turns.queue.length), 0, entry);
      return;
    }
    case 'queue:prioritized': {
      const entry = takeOrDiverge(turns, (p as TurnEvents.QueuePrioritized).participantId);
      entry.priority = true;
      turns.queue.splice(priorityPosition(turns.queue), 0, entry);
      return;
    }
    case 'floor:granted':
      grant(turns, p, warningSeconds);
      return;
    case 'floor:paused': {
      const x = p as TurnEvents.FloorPaused;
      const floor = currentFloor(turns, x.turnId);
      floor.accumulatedMs = x.spokenMs;
      floor.runningSince = null;
      floor.deadline = null;
      floor.pausedRemainingMs = x.remainingMs;
      return;
    }
    case 'floor:resumed': {
      const x = p as TurnEvents.FloorResumed;
      const floor = currentFloor(turns, x.turnId);
      floor.runningSince = x.resumedAt;
      floor.deadline = x.deadline;
      floor.pausedRemainingMs = null;
      return;
    }
    case 'floor:extended': {
      const x = p as TurnEvents.FloorExtended;
      const floor = currentFloor(turns, x.turnId);
      floor.allottedMs = x.allottedMs;
      if (floor.runningSince === null) floor.pausedRemainingMs = x.remainingMs;
      else floor.deadline = x.deadline;
      floor.warningsSent = passedWarnings(warningSeconds, x.remainingMs);
      if (x.remainingMs > 0) floor.overtimeSince = null;
      return;
    }
    case 'floor:warning': {
      const x = p as TurnEvents.FloorWarning;
      const floor = currentFloor(turns, x.turnId);
      if (!floor.warningsSent.includes(x.thresholdSeconds)) floor.warningsSent.push(x.thresholdSeconds);
      return;
    }
    case 'floor:overtime': {
      const x = p as TurnEvents.FloorOvertime;
      currentFloor(turns, x.turnId).overtimeSince = x.since;
      return;
    }
    case 'floor:expired':
    case 'floor:ended':
      close(turns, p);
      return;
    case 'agenda:advanced': {
      const slot = turns.agenda.find((s) => s.id === (p as TurnEvents.AgendaAdvanced).slotId);
      if (!slot) diverged('unknown agenda slot');
      slot.status = 'done';
      return;
    }
    default:
      return;
  }
}

const TYPES = new Set([
  'queue:raised',
  'queue:lowered',
  'queue:removed',
  'queue:moved',
  'queue:prioritized',
  'floor:granted',
  'floor:paused',
  'floor:resumed',
  'floor:extended',
  'floor:warning',
  'floor:overtime',
  'floor:expired',
  'floor:ended',
  'agenda:advanced',
]);

export const reduceTurns: SliceReducer = (view, e) => {
  if (!TYPES.has(e.type)) return undefined;
  const warnings = view.debate.modalities.turn.warningSeconds;
  return { view: withSlice(view, 'turns', (turns) => fold(turns, e, warnings)) };
};
