// The debate aggregate: composes the lifecycle and the domain slices (turns, polls,
// questions) into one fold, one command table, one timer and one per-viewer view.
// Still pure: the application layer (live/live-debate.ts) does the I/O.
import { ModalitiesSchema, type Modalities } from '../protocol/modalities.ts';
import type { DebateView } from '../protocol/views.ts';
import type { DebateState, CommandTable, Viewer } from './state.ts';
import type { DebateEvent, EventDraft, ViewerEvent } from './types.ts';
import { applyLifecycle } from './lifecycle.ts';
import { initialTurns, applyTurns, turnsCommands, nextWakeTurns, tickTurns, viewTurns } from './turns/index.ts';
import { initialPolls, applyPolls, pollsCommands, nextWakePolls, viewPolls, redactPollsEvent } from './polls/index.ts';
import type { PollResults } from './polls/index.ts';
import {
  initialQuestions,
  applyQuestions,
  questionsCommands,
  viewQuestions,
  redactQuestionsEvent,
} from './questions/index.ts';
import { applyScreen, initialScreen, screenCommands, viewScreen } from './screen/index.ts';
import { captionsCommands } from './captions/commands.ts';

/** Placeholder modalities for a state that has not folded its `debate:created` yet. */
const EMPTY_MODALITIES: Modalities = ModalitiesSchema.parse({
  format: 'online',
  scheduledStart: '2000-01-01T00:00:00Z',
  plannedDurationMinutes: 60,
  interventionModes: ['oral'],
});

export function emptyDebateState(debateId: string): DebateState {
  return {
    debateId,
    title: '',
    status: 'draft',
    modalities: EMPTY_MODALITIES,
    seq: 0,
    headHash: '',
    startedAt: null,
    endedAt: null,
    turns: initialTurns(EMPTY_MODALITIES),
    polls: initialPolls(EMPTY_MODALITIES),
    questions: initialQuestions(EMPTY_MODALITIES),
    screen: initialScreen(),
  };
}

/** Fold one stamped event. Events must arrive in seq order. */
export function applyEvent(state: DebateState, event: DebateEvent): void {
  if (event.seq !== state.seq + 1) {
    throw new Error(`event seq ${event.seq} does not follow ${state.seq} for debate ${state.debateId}`);
  }
  applyLifecycle(state, event);
  if (event.type === 'debate:created' || event.type === 'debate:updated') {
    // Slices derive their initial shape (agenda, groups) from the modalities, which can
    // only change before the debate goes live: nothing else has happened yet.
    state.turns = initialTurns(state.modalities);
    state.polls = initialPolls(state.modalities);
    state.questions = initialQuestions(state.modalities);
    state.screen = initialScreen();
  }
  applyTurns(state, event);
  applyPolls(state, event);
  applyQuestions(state, event);
  applyScreen(state, event);
  state.seq = event.seq;
  state.headHash = event.hash;
}

export function rebuild(debateId: string, events: readonly DebateEvent[]): DebateState {
  const state = emptyDebateState(debateId);
  for (const e of events) applyEvent(state, e);
  return state;
}

/** Every domain command a client may send, by event name. */
export const domainCommands: CommandTable = { ...turnsCommands, ...pollsCommands, ...questionsCommands, ...screenCommands, ...captionsCommands };

/** Earliest server time at which a timer of this debate is due, or null. */
export function nextWake(state: DebateState): number | null {
  if (state.status !== 'live') return null;
  const times = [nextWakeTurns(state), nextWakePolls(state)].filter((t): t is number => t !== null);
  return times.length ? Math.min(...times) : null;
}

/** Turn timers due at `now` (poll auto-closes go through the application layer). */
export function tickDrafts(state: DebateState, now: number): EventDraft[] {
  if (state.status !== 'live') return [];
  return tickTurns(state, now);
}

export interface ViewExtras {
  tallies: Record<string, PollResults>;
  myBallots: Record<string, number[]>;
}

/** The full state as one viewer may see it (what `state:snapshot` carries). */
export function viewState(state: DebateState, viewer: Viewer, extras: ViewExtras): DebateView {
  const staff = viewer.role === 'moderator';
  const { accessCode: _hidden, ...publicModalities } = state.modalities;
  return {
    debate: {
      id: state.debateId,
      title: state.title,
      status: state.status,
      modalities: staff ? state.modalities : publicModalities,
      startedAt: state.startedAt,
      endedAt: state.endedAt,
    },
    seq: state.seq,
    headHash: state.headHash,
    turns: viewTurns(state, viewer),
    polls: viewPolls(state, viewer, extras.tallies, extras.myBallots),
    questions: viewQuestions(state, viewer),
    screen: viewScreen(state),
  };
}
export type { DebateView };

/**
 * The version of an event one viewer receives (same seq, possibly reduced payload). Returns
 * the same object when nothing is hidden (the broadcaster sends one copy to everyone then).
 */
export function redactEvent(event: DebateEvent, viewer: Viewer): ViewerEvent {
  if (viewer.role === 'moderator') return event;
  if (event.type === 'debate:created') {
    const modalities = withoutAccessCode(event.payload.modalities);
    return modalities ? { ...event, payload: { ...event.payload, modalities } } : event;
  }
  if (event.type === 'debate:updated') {
    const modalities = withoutAccessCode(event.payload.modalities);
    return modalities ? { ...event, payload: { ...event.payload, modalities } } : event;
  }
  if (event.type === 'presence:changed') {
    // Who is online is for the moderators (presenceFor): the seq, without the changes.
    return event.payload.changes.length === 0 ? event : { ...event, payload: { changes: [] } };
  }
  const polls = redactPollsEvent(event, viewer);
  return polls !== event ? polls : redactQuestionsEvent(event, viewer);
}

/** The modalities without their access code, or null when there is none to hide. */
function withoutAccessCode(modalities: Modalities | undefined): Omit<Modalities, 'accessCode'> | null {
  if (!modalities?.accessCode) return null;
  const { accessCode: _hidden, ...rest } = modalities;
  return rest;
}
