// The debate's own lifecycle inside the log: created, updated (modalities fixed before
// the debate goes live), announced, started, ended, archived. Illegal transitions are
// refused with ILLEGAL_TRANSITION (HTTP 409).
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
    default:
      break;
  }
}
