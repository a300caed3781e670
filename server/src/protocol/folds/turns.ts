// The fold of the speaking-turns events into the turns slice: ONE function for the
// server's state (domain/turns/apply.ts) and the client's view (client reducer), which
// are the same shape since nothing in the slice is secret. Deterministic: it reads only
// the event and the slice (never a clock), so replaying the log rebuilds the same slice.
// An event that does not fit (see policy.ts) is reported to `onAnomaly` and changes nothing.
import type { EventBody } from '../events/index.ts';
import { TURNS_EVENTS, type FloorEnded, type FloorExpired, type FloorGranted, type QueueEntry } from '../events/turns.ts';
import type { TurnsView } from '../views.ts';
import { ignoreAnomaly, type OnAnomaly } from './policy.ts';
import { passedWarnings } from './timing.ts';

export type TurnsEventType = keyof typeof TURNS_EVENTS;

/** The events this fold owns (debate:ended also drops the floor, but belongs to the lifecycle). */
export function isTurnsEvent<E extends { type: string }>(e: E): e is Extract<E, { type: TurnsEventType }> {
  return Object.hasOwn(TURNS_EVENTS, e.type);
}

/** Where a prioritized entry lands once taken out of the queue: after the priority ones. */
export function priorityPosition(queue: readonly QueueEntry[]): number {
  let pos = 0;
  queue.forEach((e, i) => {
    if (e.priority) pos = i + 1;
  });
  return pos;
}

function take(turns: TurnsView, participantId: string): QueueEntry | undefined {
  const i = turns.queue.findIndex((e) => e.participantId === participantId);
  return i < 0 ? undefined : turns.queue.splice(i, 1)[0];
}

function grant(turns: TurnsView, p: FloorGranted, warningSeconds: readonly number[]): void {
  if (!p.keepsQueueEntry) take(turns, p.participantId);
  if (p.agendaSlotId !== null) {
    // One slot at a time: moving to another slot closes the one the debate was at.
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

function close(turns: TurnsView, p: FloorEnded | FloorExpired): void {
  const floor = turns.floor!;
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
  turns.lastSkipped = [];
  turns.spokenMs[floor.participantId] = (turns.spokenMs[floor.participantId] ?? 0) + p.spokenMs;
  if (floor.group !== null) turns.groupSpokenMs[floor.group] = (turns.groupSpokenMs[floor.group] ?? 0) + p.spokenMs;
  // A speech slot is its one turn; the audience slot stays open until advanced.
  const slot = turns.agenda.find((s) => s.id === floor.agendaSlotId);
  if (slot?.kind === 'speech') slot.status = 'done';
  turns.floor = null;
}

/**
 * Fold one event into `turns` (mutated in place). Other types are ignored, except
 * debate:ended, which drops a floor still open (the application layer logs an explicit
 * floor:ended first; an older log or a crash between the two may not have it).
 */
export function foldTurns(
  turns: TurnsView,
  e: EventBody,
  warningSeconds: readonly number[],
  onAnomaly: OnAnomaly = ignoreAnomaly,
): void {
  const onFloor = (turnId: string) => {
    if (turns.floor?.turnId === turnId) return turns.floor;
    onAnomaly(`turn ${turnId} is not on the floor`);
    return null;
  };
  const queued = (participantId: string) => {
    const entry = take(turns, participantId);
    if (!entry) onAnomaly(`${participantId} is not in the queue`);
    return entry;
  };
  switch (e.type) {
    case 'queue:raised': {
      const { entry, position } = e.payload;
      if (turns.queue.some((q) => q.participantId === entry.participantId)) {
        return onAnomaly(`${entry.participantId} is already in the queue`);
      }
      turns.queue.splice(Math.min(position, turns.queue.length), 0, { ...entry });
      return;
    }
    case 'queue:lowered':
    case 'queue:removed':
      queued(e.payload.participantId);
      return;
    case 'queue:moved': {
      const entry = queued(e.payload.participantId);
      if (entry) turns.queue.splice(Math.min(e.payload.position, turns.queue.length), 0, entry);
      return;
    }
    case 'queue:prioritized': {
      const entry = queued(e.payload.participantId);
      if (!entry) return;
      entry.priority = true;
      turns.queue.splice(priorityPosition(turns.queue), 0, entry);
      return;
    }
    case 'floor:granted':
      if (turns.floor) return onAnomaly(`floor granted to ${e.payload.participantId} while ${turns.floor.participantId} holds it`);
      return grant(turns, e.payload, warningSeconds);
    case 'floor:paused': {
      const floor = onFloor(e.payload.turnId);
      if (!floor) return;
      floor.accumulatedMs = e.payload.spokenMs;
      floor.runningSince = null;
      floor.deadline = null;
      floor.pausedRemainingMs = e.payload.remainingMs;
      return;
    }
    case 'floor:resumed': {
      const floor = onFloor(e.payload.turnId);
      if (!floor) return;
      floor.runningSince = e.payload.resumedAt;
      floor.deadline = e.payload.deadline;
      floor.pausedRemainingMs = null;
      return;
    }
    case 'floor:extended': {
      const floor = onFloor(e.payload.turnId);
      if (!floor) return;
      const p = e.payload;
      floor.allottedMs = p.allottedMs;
      if (floor.runningSince === null) floor.pausedRemainingMs = p.remainingMs;
      else floor.deadline = p.deadline;
      // Thresholds now ahead of us are re-armed; the ones behind stay silent.
      floor.warningsSent = passedWarnings(warningSeconds, p.remainingMs);
      if (p.remainingMs > 0) floor.overtimeSince = null;
      return;
    }
    case 'floor:warning': {
      const floor = onFloor(e.payload.turnId);
      if (floor && !floor.warningsSent.includes(e.payload.thresholdSeconds)) floor.warningsSent.push(e.payload.thresholdSeconds);
      return;
    }
    case 'floor:overtime': {
      const floor = onFloor(e.payload.turnId);
      if (floor) floor.overtimeSince = e.payload.since;
      return;
    }
    case 'floor:expired':
    case 'floor:ended':
      if (onFloor(e.payload.turnId)) close(turns, e.payload);
      return;
    case 'agenda:advanced': {
      const slot = turns.agenda.find((s) => s.id === e.payload.slotId);
      if (!slot) return onAnomaly(`agenda slot ${e.payload.slotId} is unknown`);
      slot.status = 'done';
      return;
    }
    case 'presence:changed':
      for (const { participantId, ...presence } of e.payload.changes) turns.presence[participantId] = presence;
      return;
    case 'queue:skipped':
      // The skipped keep their place; the console says whom "next" passed over.
      turns.lastSkipped = e.payload.skipped.map((x) => ({ ...x }));
      return;
    case 'agenda:entered': {
      const slot = turns.agenda.find((s) => s.id === e.payload.slotId);
      if (!slot) return onAnomaly(`agenda slot ${e.payload.slotId} is unknown`);
      for (const other of turns.agenda) if (other.status === 'current') other.status = 'done';
      slot.status = 'current';
      return;
    }
    case 'debate:ended':
      turns.floor = null;
      return;
    default:
      return;
  }
}
