// A button whose action must be confirmed: the first press asks the question in place
// (with the facts needed to decide, e.g. the scheduled date), the second does it.
import { useSignal } from '@preact/signals';
import type { ComponentChildren } from 'preact';
import { t } from '../lib/i18n.ts';

export function ConfirmButton(props: {
  busy: boolean;
  question: string;
  yes: string;
  onConfirm: () => Promise<unknown>;
  class?: string;
  children: ComponentChildren;
}) {
  const confirming = useSignal(false);
  if (!confirming.value) {
    return (
      <button type="button" class={props.class ?? 'button button--primary'} disabled={props.busy} onClick={() => (confirming.value = true)}>
        {props.children}
      </button>
    );
  }
  return (
    <span class="confirm" role="group" aria-label={props.question}>
      <span>{props.question}</span>
      <button type="button" class={props.class ?? 'button button--primary'} disabled={props.busy}
        onClick={async () => {
          await props.onConfirm();
          confirming.value = false;
        }}>
        {props.yes}
      </button>
      <button type="button" class="button" onClick={() => (confirming.value = false)}>
        {t('common.cancel')}
      </button>
    </span>
  );
}
