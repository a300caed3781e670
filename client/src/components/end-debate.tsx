// Ending a debate is final: the button asks first ("Clore le débat ?" yes / cancel).
// Shared by the moderator console and the organizer page.
import { useSignal } from '@preact/signals';
import type { ComponentChildren } from 'preact';
import { t } from '../lib/i18n.ts';

export function EndDebateButton(props: { busy: boolean; onEnd: () => Promise<unknown>; children: ComponentChildren }) {
  const confirming = useSignal(false);
  if (!confirming.value) {
    return (
      <button type="button" class="button button--danger" onClick={() => (confirming.value = true)}>
        {props.children}
      </button>
    );
  }
  return (
    <>
      <span>{t('mod.endConfirm')}</span>
      <button type="button" class="button button--danger" disabled={props.busy}
        onClick={async () => {
          await props.onEnd();
          confirming.value = false;
        }}>
        {t('mod.endYes')}
      </button>
      <button type="button" class="button" onClick={() => (confirming.value = false)}>
        {t('common.cancel')}
      </button>
    </>
  );
}
