// The timers the media layer sets for its own rules (the microphone cut at a deadline,
// a disconnected participant's grace period), behind an interface so that those rules
// run in unit tests on a FakeClock with timers the test fires (server/test/media/helpers.ts).
export type TimerHandle = { readonly timer: unknown };

export interface Timers {
  /** Calls `fn` once, `ms` from now; never keeps the process alive. */
  set(fn: () => void, ms: number): TimerHandle;
  clear(handle: TimerHandle): void;
}

export const realTimers: Timers = {
  set: (fn, ms) => {
    const timer = setTimeout(fn, ms);
    timer.unref();
    return { timer };
  },
  clear: (handle) => clearTimeout(handle.timer as NodeJS.Timeout),
};
