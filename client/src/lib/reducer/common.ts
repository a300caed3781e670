// Shared plumbing of the client reducer: the outcome type, the "diverged" signal and a
// copy-on-write helper so that every applied event yields a new view object (signals
// and Preact compare by identity) while the slice code stays as plain as the server's.
import type { DebateView, ViewerInfo, WireEvent } from '../view-types.ts';

export type Reduction =
  | {
      kind: 'applied';
      view: DebateView;
      /** Applied, but the view may lack something only a fresh snapshot has: resync too. */
      refresh?: string;
    }
  | { kind: 'diverged'; reason: string };

/** Thrown inside a slice reducer when the event does not fit the local view. */
export class Diverged extends Error {
  override readonly name = 'Diverged';
}

export function diverged(reason: string): never {
  throw new Diverged(reason);
}

export type SliceKey = 'debate' | 'turns' | 'polls' | 'questions' | 'screen';

/** A slice reducer: returns undefined for event types it does not own. */
export type SliceReducer = (view: DebateView, event: WireEvent, viewer: ViewerInfo) => SliceResult | undefined;

export interface SliceResult {
  view: DebateView;
  refresh?: string;
}

/** Copy one slice, let `fn` mutate the copy, return a new view sharing the other slices. */
export function withSlice<K extends SliceKey>(
  view: DebateView,
  key: K,
  fn: (slice: DebateView[K]) => void,
): DebateView {
  const copy = structuredClone(view[key]);
  fn(copy);
  return { ...view, [key]: copy };
}

export const isStaff = (viewer: ViewerInfo) => viewer.role === 'moderator';
