// The agenda of a debate template. `free` has none; `oxford` is the classic sequence of
// openings, rebuttals, audience questions and closings, the first group arguing for and
// the second against. A speech slot is done when its turn ends; the audience slot stays
// current (its turns come from the queue) until the moderator advances past it. "Next
// step" closes the current slot and enters the next one, never skipping one silently.
import { AppError } from '../../errors.ts';
import type { Modalities } from '../../protocol/modalities.ts';
import type { AgendaAdvance } from '../../protocol/turns.ts';
import type { DebateState } from '../state.ts';
import type { CommandContext, EventDraft } from '../types.ts';
import { draft } from './events.ts';
import type { AgendaSlot } from './state.ts';

type Side = 'for' | 'against';

const OXFORD: ReadonlyArray<{ id: string; label: string; side: Side | null }> = [
  { id: 'opening_for', label: 'Opening statement', side: 'for' },
  { id: 'opening_against', label: 'Opening statement', side: 'against' },
  { id: 'rebuttal_for', label: 'Rebuttal', side: 'for' },
  { id: 'rebuttal_against', label: 'Rebuttal', side: 'against' },
  { id: 'audience', label: 'Audience questions', side: null },
  { id: 'closing_against', label: 'Closing statement', side: 'against' },
  { id: 'closing_for', label: 'Closing statement', side: 'for' },
];

export function buildAgenda(modalities: Modalities): AgendaSlot[] {
  if (modalities.template !== 'oxford') return [];
  const seconds = modalities.turn.defaultSeconds;
  return OXFORD.map(({ id, label, side }) => {
    if (side === null) {
      return { id, label, kind: 'audience', group: null, guestId: null, seconds, status: 'pending' };
    }
    const group = modalities.groups[side === 'for' ? 0 : 1] ?? null;
    const guest = group ? modalities.guests.find((g) => g.group === group.id) : undefined;
    return {
      id,
      label: group ? `${label}: ${group.name} (${side})` : `${label} (${side})`,
      kind: 'speech',
      group: group?.id ?? null,
      guestId: guest?.id ?? null,
      seconds,
      status: 'pending',
    };
  });
}

/** The slot the debate is at: the current one, else the first pending one. */
export function activeSlot(agenda: readonly AgendaSlot[]): AgendaSlot | null {
  return agenda.find((s) => s.status === 'current') ?? agenda.find((s) => s.status === 'pending') ?? null;
}

/**
 * What "next step" does to the agenda: close the current slot (if any) and enter the
 * first pending one. With no current slot (the last speech just ended), it only enters
 * the next slot: a step that has not happened is never marked done.
 */
export function agendaStep(agenda: readonly AgendaSlot[]): { close: AgendaSlot | null; enter: AgendaSlot | null } {
  const close = agenda.find((s) => s.status === 'current') ?? null;
  const enter = agenda.find((s) => s.status === 'pending') ?? null;
  return { close, enter };
}

/** Moderator: move to the next step of the agenda (see agendaStep). */
export function decideAdvance(state: DebateState, _p: AgendaAdvance, _ctx: CommandContext): EventDraft[] {
  const { close, enter } = agendaStep(state.turns.agenda);
  if (!close && !enter) throw new AppError('ILLEGAL_TRANSITION', 'the agenda is finished (or there is none)');
  return [
    ...(close ? [draft('agenda:advanced', { slotId: close.id })] : []),
    ...(enter ? [draft('agenda:entered', { slotId: enter.id })] : []),
  ];
}
