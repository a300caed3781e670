// Client fold of the screen:* events (the question on the room display, polls taken off
// it): the protocol's shared fold, the same function as the server's.
import { foldScreen, isScreenEvent } from '../../../../server/src/protocol/folds/screen.ts';
import { withSlice, type SliceReducer } from './common.ts';

export const reduceScreen: SliceReducer = (view, e) => {
  if (!isScreenEvent(e)) return undefined;
  return { view: withSlice(view, 'screen', (screen) => foldScreen(screen, e)) };
};
