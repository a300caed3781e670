// The debate's own lifecycle inside the log: created, updated (modalities fixed before
// the debate goes live), announced, started, ended, archived. Illegal transitions are
// refused with ILLEGAL_TRANSITION (HTTP 409).
import { AppError } from '../errors.ts';
import { ModalitiesSchema, type DebateStatus, type Modalities } from '../protocol/modalities.ts';
import type { DebateState } from './state.ts';
import type { DebateEvent, EventDraft } from './types.ts';

export type LifecycleAction = 'announce' | 'start' | 'end' | 'archive';

const TRANSITIONS: Record<LifecycleAction, { from: DebateStatus; to: DebateStatus; type: string }> = {
  announce: { from: 'draft', to: 'scheduled', type: 'debate:announced' },
  start: { from: 'scheduled', to: 'live', type: 'debate:started' },
  end: { from: 'live', to: 'ended', type: 'debate:ended' },
  archive: { from: 'ended', to: 'archived', type: 'debate:archived' },
};

export interface DebateCreatedPayload {
  debateId: string;
  title: string;
  description: string | null;
  location: string | null;
  modalities: Modalities;
}

export interface DebateUpdatedPayload {
  title?: string;
  description?: string | null;
  location?: string | null;
  modalities?: Modalities;
}

export function createdDraft(p: DebateCreatedPayload): EventDraft {
  return { type: 'debate:created', payload: p };
}

/** Modalities are fixed in advance: they can change only before the debate goes live. */
export function updateDraft(state: DebateState, p: DebateUpdatedPayload): EventDraft {
  if (state.status !== 'draft' && state.status !== 'scheduled') {
    throw new AppError('DEBATE_LOCKED', `A ${state.status} debate can no longer be changed`);
  }
  return { type: 'debate:updated', payload: p };
}

export function transitionDraft(state: DebateState, action: LifecycleAction, now: number): EventDraft {
  const t = TRANSITIONS[action];
  if (state.status !== t.from) {
    throw new AppError('ILLEGAL_TRANSITION', `Cannot ${action} a debate that is ${state.status}`, {
      from: state.status,
      action,
    });
  }
  return { type: t.type, payload: { at: now } };
}

export function applyLifecycle(state: DebateState, event: DebateEvent): void {
  switch (event.type) {
    case 'debate:created': {
      const p = event.payload as DebateCreatedPayload;
      state.title = p.title;
      state.modalities = ModalitiesSchema.parse(p.modalities);
      state.status = 'draft';
      break;
    }
    case 'debate:updated': {
      const p = event.payload as DebateUpdatedPayload;
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
