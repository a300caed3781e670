// The live state of one debate: a fold over its event log. Each domain module owns one
// slice (turns, polls, questions) and exports the same small contract:
//
//   initialX(modalities)            -> its empty slice
//   applyX(state, event)            -> folds one event into its slice (mutates in place;
//                                      the state is owned by exactly one LiveDebate)
//   xCommands                       -> command table: name -> { schema, roles, decide }
//   nextWakeX(state) / tickX(state, now)
//                                   -> timers: when to wake up next, and the events due then
//   viewX(state, viewer)            -> a JSON-safe copy of the slice for one viewer
//
// `decide` receives the whole DebateState because rules cross slices (a floor grant
// needs the debate to be live and the group's quota; reading a contribution opens a turn).
import type { z } from 'zod';
import type { Role } from '../protocol/common.ts';
import type { DebateStatus, Modalities } from '../protocol/modalities.ts';
import type { ScreenView, Viewer } from '../protocol/views.ts';
import type { CommandContext, EventDraft } from './types.ts';
import type { TurnsState } from './turns/state.ts';
import type { PollsState } from './polls/state.ts';
import type { QuestionsState } from './questions/state.ts';

export interface DebateState {
  debateId: string;
  title: string;
  status: DebateStatus;
  modalities: Modalities;
  /** seq of the last event folded into this state (0 = none). */
  seq: number;
  /** hash of the last event folded (the chain head); '' before the first event. */
  headHash: string;
  startedAt: number | null;
  endedAt: number | null;
  turns: TurnsState;
  polls: PollsState;
  questions: QuestionsState;
  /** The room screen (domain/screen): nothing secret, so the state is its view's shape. */
  screen: ScreenView;
}

/** Who is looking at a view: used to redact what a role may not see. */
export type { Viewer };

export interface CommandSpec<P = any> {
  schema: z.ZodType<P>;
  /** Roles allowed to send this command at all (the domain may refine further). */
  roles: readonly Role[];
  decide(state: DebateState, payload: P, ctx: CommandContext): EventDraft[];
}

export type CommandTable = Record<string, CommandSpec>;
