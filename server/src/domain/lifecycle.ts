// The debate's own lifecycle inside the log: created, updated (modalities fixed before
// the debate goes live), announced, started, ended, archived, and before it goes live
// postponed or cancelled. Illegal transitions are refused with ILLEGAL_TRANSITION (HTTP 409).
import { AppError } from '../errors.ts';
import { draft, type DebateCreated, type DebateUpdated } from '../protocol/events/index.ts';
import { ModalitiesSchema, type DebateStatus } from '../protocol/modalities.ts';
import type { DebateState } from './state.ts';
import type { DebateEvent, EventDraft } from './types.ts';

export type LifecycleAction = 'announce' | 'start' | 'end' | 'archive';

type TransitionType = 'debate:announced' | 'debate:started' | 'debate:ended' | 'debate:archived';

const TRANSITIONS: Record<LifecycleAction, { from: DebateStatus; to: DebateStatus; type: TransitionType }> = {
  announce: { from: 'draft', to: 'scheduled', type: 'debate:announced' },
  start: { from: 'scheduled', to: 'live', type: 'debate:started' },
  end: { from: 'live', to: 'ended', type: 'debate:ended' },
  archive: { from: 'ended', to: 'archived', type: 'debate:archived' },
};

export type DebateCreatedPayload = DebateCreated;
export type DebateUpdatedPayload = DebateUpdated;

export function createdDraft(p: DebateCreatedPayload): EventDraft<'debate:created'> {
  return draft('debate:created', p);
}

/** Modalities are fixed in advance: they can change only before the debate goes live. */
export function updateDraft(state: DebateState, p: DebateUpdatedPayload): EventDraft<'debate:updated'> {
  if (state.status !== 'draft' && state.status !== 'scheduled') {
    throw new AppError('DEBATE_LOCKED', `A ${state.status} debate can no longer be changed`);
  }
  return draft('debate:updated', p);
}

export function transitionDraft(state: DebateState, action: LifecycleAction, now: number): EventDraft {
  const t = TRANSITIONS[action];
  if (state.status !== t.from) {
    throw new AppError('ILLEGAL_TRANSITION', `Cannot ${action} a debate that is ${state.status}`, {
      from: state.status,
      action,
    });
  }
  return draft(t.type, { at: now });
}

/** What an organizer may change about when a debate takes place (POST …/cancel, …/postpone). */
export type ScheduleChange =
  | { kind: 'cancel'; reason: string | null }
  | { kind: 'postpone'; scheduledStart: string; reason: string | null };

/**
 * Only an announced debate can be cancelled (a draft was never public: it is just not
 * announced; a live one is ended); a draft or announced one can be postponed.
 */
export function scheduleDraft(state: DebateState, change: ScheduleChange, now: number): EventDraft {
  const allowed = change.kind === 'cancel' ? ['scheduled'] : ['draft', 'scheduled'];
  if (!allowed.includes(state.status)) {
    throw new AppError('ILLEGAL_TRANSITION', `Cannot ${change.kind} a debate that is ${state.status}`, {
      from: state.status,
      action: change.kind,
    });
  }
  if (change.kind === 'cancel') return draft('debate:cancelled', { at: now, reason: change.reason });
  const from = state.modalities.scheduledStart;
  if (Date.parse(change.scheduledStart) === Date.parse(from)) {
    throw new AppError('VALIDATION_FAILED', 'The new start is the current one', [
      { path: 'scheduledStart', message: 'must differ from the current scheduled start' },
    ]);
  }
  return draft('debate:postponed', { from, to: change.scheduledStart, reason: change.reason });
}

export function applyLifecycle(state: DebateState, event: DebateEvent): void {
  switch (event.type) {
    case 'debate:created': {
      const p = event.payload;
      state.title = p.title;
      state.modalities = ModalitiesSchema.parse(p.modalities);
      state.status = 'draft';
      break;
    }
    case 'debate:updated': {
      const p = event.payload;
      if (p.title !== undefined) state.title = p.title;
      if (p.modalities !== undefined) state.modalities = ModalitiesSchema.parse(p.modalities);
      break;
    }
    case 'debate:announced':
      state.status = 'scheduled';
      break;
    case 'debate:started':
      state.status = 'live';
      state.startedAt = event.at;
      break;
    case 'debate:ended':
      state.status = 'ended';
      state.endedAt = event.at;
      break;
    case 'debate:archived':
      state.status = 'archived';
      break;
    case 'debate:cancelled':
      state.status = 'cancelled';
      break;
    case 'debate:postponed':
      state.modalities = { ...state.modalities, scheduledStart: event.payload.to };
      break;
    default:
      break;
  }
}
