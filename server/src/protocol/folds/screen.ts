// The fold of the screen:* events into the screen slice, shared by the server's state and
// the client's view (nothing in it is secret). Deterministic; other events are ignored.
import type { EventBody } from '../events/index.ts';
import type { ScreenView } from '../views.ts';

export function emptyScreen(): ScreenView {
  return { questionId: null, hiddenPollIds: [], captions: false };
}

export function isScreenEvent(e: { type: string }): boolean {
  return e.type === 'screen:question-shown' || e.type === 'screen:poll-hidden' || e.type === 'caption:display';
}

/** Fold one event into `screen` (mutated in place). */
export function foldScreen(screen: ScreenView, e: EventBody): void {
  switch (e.type) {
    case 'screen:question-shown':
      screen.questionId = e.payload.questionId;
      return;
    case 'screen:poll-hidden':
      if (!screen.hiddenPollIds.includes(e.payload.pollId)) screen.hiddenPollIds.push(e.payload.pollId);
      return;
    case 'caption:display':
      screen.captions = e.payload.on;
      return;
    case 'question:hidden':
      // A question taken off the board leaves the screen too.
      if (screen.questionId === e.payload.questionId) screen.questionId = null;
      return;
    default:
      return;
  }
}
