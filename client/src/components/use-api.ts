// Load one REST resource for a component: loading / data / error as a signal, aborted
// when the component goes away or the path changes, and a reload().
import { useSignal, type Signal } from '@preact/signals';
import { useCallback, useEffect, useRef } from 'preact/hooks';
import { api } from '../lib/api.ts';
import type { ErrorBody } from '../lib/view-types.ts';

export type Loaded<T> =
  | { state: 'loading' }
  | { state: 'ok'; data: T }
  | { state: 'error'; error: Pick<ErrorBody, 'code' | 'message'> };

export function useApi<T>(path: string | null, token?: string | null): { result: Signal<Loaded<T>>; reload: () => void } {
  const result = useSignal<Loaded<T>>({ state: 'loading' });
  const generation = useRef(0);
  const load = useCallback(() => {
    if (!path) return () => undefined;
    const controller = new AbortController();
    const mine = ++generation.current;
    api<T>('GET', path, { token: token ?? null, signal: controller.signal })
      .then((ack) => {
        if (mine !== generation.current) return;
        result.value = ack.ok ? { state: 'ok', data: ack.data } : { state: 'error', error: ack.error };
      })
      .catch((err: unknown) => {
        // Aborted on purpose (unmounted or superseded): nothing to show.
        if (!controller.signal.aborted) result.value = { state: 'error', error: { code: 'OFFLINE', message: String(err) } };
      });
    return () => controller.abort();
  }, [path, token]);
  useEffect(() => load(), [load]);
  return { result, reload: () => void load() };
}
