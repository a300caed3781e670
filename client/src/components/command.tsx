// Running a command from a button or a form: one at a time, the server's refusal shown
// as a sentence next to the control (role=alert), never as a raw code.
import { useSignal } from '@preact/signals';
import { errorMessage } from '../lib/i18n.ts';
import type { Ack, ErrorBody } from '../lib/view-types.ts';

export function useCommand() {
  const busy = useSignal(false);
  const error = useSignal<(Pick<ErrorBody, 'code'> & { details?: unknown }) | null>(null);
  async function run<T>(fn: () => Promise<Ack<T>>): Promise<Ack<T>> {
    busy.value = true;
    error.value = null;
    try {
      const ack = await fn();
      if (!ack.ok) error.value = ack.error;
      return ack;
    } finally {
      busy.value = false;
    }
  }
  return { busy, error, run, clear: () => (error.value = null) };
}

export function ErrorText(props: { error: (Pick<ErrorBody, 'code'> & { details?: unknown }) | null; id?: string }) {
  return <AlertText text={props.error ? errorMessage(props.error) : null} id={props.id} />;
}

/** An error already put in words (a form's own check, a caught failure): nothing when empty. */
export function AlertText(props: { text: string | null | undefined; id?: string }) {
  if (!props.text) return null;
  return (
    <p class="error-text" role="alert" id={props.id}>
      {props.text}
    </p>
  );
}
