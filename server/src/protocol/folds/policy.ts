// What a fold does with an event that does not fit the view it folds into (a floor event
// for another turn, an unknown queue entry, a poll it has never seen). The server ignores
// it: its events are decided against the very state it folds, so only a stale event can
// be odd, and leaving the state as it is keeps a replay identical. The client throws
// (Diverged): its view came from a snapshot and redacted events, so an odd event means the
// view is wrong, and its store resyncs. Either way the event changes nothing itself.
export type OnAnomaly = (reason: string) => void;

export const ignoreAnomaly: OnAnomaly = () => {};
