// Shows that the page lost its connection (and is reconnecting), or that the server
// refused it (expired session...), in plain words. Nothing is shown while online.
import type { LiveDebate } from '../lib/live.ts';
import { errorMessage, t } from '../lib/i18n.ts';

export function ConnectionBanner(props: { live: LiveDebate; onRefused?: () => void }) {
  const status = props.live.status.value;
  const refusal = props.live.refusal.value;
  if (status === 'online' && props.live.view.value) return null;
  if (status === 'refused') {
    return (
      <div class="banner banner--error" role="alert">
        <p>{refusal ? errorMessage(refusal) : t('conn.refused')}</p>
        {props.onRefused ? (
          <button type="button" onClick={props.onRefused}>
            {t('conn.restart')}
          </button>
        ) : null}
      </div>
    );
  }
  return (
    <div class="banner banner--info" role="status">
      {status === 'reconnecting' ? t('conn.reconnecting') : t('conn.connecting')}
    </div>
  );
}
