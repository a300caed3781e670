// Opening a turn. Shared by floor:grant and by the questions module (reading a written
// contribution out becomes a turn), so every turn obeys the same rules: live debate,
// free floor, and an allotted time capped by what remains of the group's quota.
import { AppError } from '../../errors.ts';
import type { Role } from '../../protocol/common.ts';
import type { InterventionMode } from '../../protocol/modalities.ts';
import type { DebateState } from '../state.ts';
import type { CommandContext, EventDraft } from '../types.ts';
import { draft } from './events.ts';
import { groupRemainingMs, micCutAt } from './timing.ts';

export interface GrantRequest {
  participantId: string;
  name: string;
  role: Role;
  group: string | null;
  mode: InterventionMode;
  seconds?: number;
  contributionId?: string | null;
  agendaSlotId?: string | null;
}

/** The preconditions of any grant, checked before resolving who gets the floor. */
export function assertCanGrant(state: DebateState): void {
  if (state.status !== 'live') throw new AppError('DEBATE_NOT_LIVE', 'the debate is not live');
  if (state.turns.floor) {
    throw new AppError('FLOOR_BUSY', `the floor is held by ${state.turns.floor.name}`);
  }
}

export function buildGrant(state: DebateState, req: GrantRequest, ctx: CommandContext): EventDraft[] {
  assertCanGrant(state);
  const agendaSlotId = req.agendaSlotId ?? null;
  const slot = agendaSlotId === null ? undefined : state.turns.agenda.find((s) => s.id === agendaSlotId);
  if (agendaSlotId !== null && !slot) throw new AppError('NOT_FOUND', `no agenda slot "${agendaSlotId}"`);

  const wantedMs = (req.seconds ?? slot?.seconds ?? state.modalities.turn.defaultSeconds) * 1000;
  const remaining = groupRemainingMs(state, req.group, ctx.now);
  if (remaining !== null && remaining <= 0) {
    throw new AppError('QUOTA_EXHAUSTED', `group "${req.group}" has used its speaking time`, {
      group: req.group,
    });
  }
  const allottedMs = remaining === null ? wantedMs : Math.min(wantedMs, remaining);

  return [
    draft('floor:granted', {
      turnId: ctx.newId(),
      participantId: req.participantId,
      name: req.name,
      role: req.role,
      group: req.group,
      mode: req.mode,
      allottedMs,
      grantedAt: ctx.now,
      deadline: ctx.now + allottedMs,
      agendaSlotId,
      contributionId: req.contributionId ?? null,
      cappedByQuota: allottedMs < wantedMs,
      cutAt: micCutAt(state, req.mode, ctx.now + allottedMs),
      keepsQueueEntry: (req.contributionId ?? null) !== null,
    }),
  ];
}
