// Client fold of the caption segments and their corrections: the debate view carries
// none of them (the page's caption lines are lib/captions.ts, fed by the same events), so
// they change nothing but the seq; they must still be known here, or the store would
// resync on each. caption:display is the screen slice's (reducer/screen.ts).
import type { SliceReducer } from './common.ts';

const TYPES: ReadonlySet<string> = new Set(['caption:final', 'caption:corrected']);

export const reduceCaptions: SliceReducer = (view, e) => (TYPES.has(e.type) ? { view } : undefined);
