// The room screen: what the moderator puts on the room display besides the floor — a
// public question (one at a time), and polls taken off it (a closed poll otherwise stays
// as the last result). Decisions only; the fold is the protocol's (folds/screen.ts).
import { AppError } from '../../errors.ts';
import { foldScreen, emptyScreen } from '../../protocol/folds/screen.ts';
import { ScreenHidePollSchema, ScreenShowQuestionSchema, type ScreenHidePoll, type ScreenShowQuestion } from '../../protocol/screen.ts';
import { draft } from '../../protocol/events/index.ts';
import type { ScreenView } from '../../protocol/views.ts';
import type { CommandTable, DebateState } from '../state.ts';
import type { CommandContext, DebateEvent, EventDraft } from '../types.ts';

export type ScreenState = ScreenView;

export function initialScreen(): ScreenState {
  return emptyScreen();
}

export function applyScreen(state: DebateState, event: DebateEvent): void {
  foldScreen(state.screen, event);
}

export function viewScreen(state: DebateState): ScreenView {
  return { questionId: state.screen.questionId, hiddenPollIds: [...state.screen.hiddenPollIds], captions: state.screen.captions };
}

function requireLive(state: DebateState): void {
  if (state.status !== 'live') throw new AppError('DEBATE_NOT_LIVE', 'the debate is not live');
}

/** Show a public (approved or answered) question on the room display, or none. */
export function decideShowQuestion(state: DebateState, p: ScreenShowQuestion, _ctx: CommandContext): EventDraft[] {
  requireLive(state);
  if (p.questionId !== null) {
    const q = Object.hasOwn(state.questions.questions, p.questionId) ? state.questions.questions[p.questionId] : undefined;
    if (!q) throw new AppError('QUESTION_NOT_FOUND', `no question "${p.questionId}" in this debate`);
    if (q.status !== 'approved' && q.status !== 'answered') {
      throw new AppError('QUESTION_STATE', `a ${q.status} question is not public`, { status: q.status });
    }
  }
  if (state.screen.questionId === p.questionId) return [];
  return [draft('screen:question-shown', { questionId: p.questionId })];
}

/** Take a poll off the room display (it stays in the console and the archive). */
export function decideHidePoll(state: DebateState, p: ScreenHidePoll, _ctx: CommandContext): EventDraft[] {
  if (!Object.hasOwn(state.polls.polls, p.pollId)) throw new AppError('POLL_NOT_FOUND', `no poll "${p.pollId}" in this debate`);
  if (state.screen.hiddenPollIds.includes(p.pollId)) return [];
  return [draft('screen:poll-hidden', { pollId: p.pollId })];
}

export const screenCommands: CommandTable = {
  'screen:show-question': { schema: ScreenShowQuestionSchema, roles: ['moderator'], decide: decideShowQuestion },
  'screen:hide-poll': { schema: ScreenHidePollSchema, roles: ['moderator'], decide: decideHidePoll },
};
