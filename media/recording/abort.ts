// Giving up a recording's start (media/recording/recorder.ts) when the caller no longer
// wants it: the debate ended, or the moderator turned recording off meanwhile.
import { AppError } from '../../server/src/errors.ts';

/** Resolves false once `signal` aborts (never without one); `dispose` drops the listener. */
export function abortion(signal: AbortSignal | undefined): { promise: Promise<false>; dispose: () => void } {
  if (!signal) return { promise: new Promise(() => undefined), dispose: () => undefined };
  let dispose: () => void = () => undefined;
  const promise = new Promise<false>((resolve) => {
    if (signal.aborted) return resolve(false);
    const onAbort = () => resolve(false);
    signal.addEventListener('abort', onAbort, { once: true });
    dispose = () => signal.removeEventListener('abort', onAbort);
  });
  return { promise, dispose };
}

export function assertNotAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AppError('UNAVAILABLE', 'recording start cancelled');
}
