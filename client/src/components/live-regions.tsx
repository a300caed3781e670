// Screen-reader announcements of a live debate (timer warnings, floor changes, polls):
// one polite region and one assertive region for what concerns the reader directly
// (their own timer). Text is rendered in the current language when it arrives.
import type { LiveDebate } from '../lib/live.ts';
import { t } from '../lib/i18n.ts';

export function LiveRegions(props: { live: LiveDebate }) {
  const polite = props.live.polite.value;
  const urgent = props.live.urgent.value;
  return (
    <>
      <div class="visually-hidden" role="status" aria-live="polite" aria-atomic="true">
        {polite ? <span key={polite.n}>{t(polite.a.key, polite.a.params)}</span> : null}
      </div>
      <div class="visually-hidden" aria-live="assertive" aria-atomic="true">
        {urgent ? <span key={urgent.n}>{t(urgent.a.key, urgent.a.params)}</span> : null}
      </div>
    </>
  );
}
