// The moderator's broadcast panel: whether the program goes out in HLS (start / stop) and,
// per RTMP destination configured by the organizer (the town's PeerTube, YouTube…), where
// its push stands in plain words: connecting, live, failed (and why), retrying (and when).
// Follows the media:broadcast push; the stream keys never reach the browser.
import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import type { BroadcastDestinationView, BroadcastState } from '../../../server/src/protocol/broadcast.ts';
import { t } from '../lib/i18n.ts';
import type { MediaHandle } from '../lib/media/use-media.ts';
import { ErrorText, useCommand } from './command.tsx';

export function destinationText(d: BroadcastDestinationView, now: number): string {
  switch (d.state) {
    case 'idle':
      return t('bc.dest.idle');
    case 'connecting':
      return t('bc.dest.connecting');
    case 'live':
      return t('bc.dest.live');
    case 'failed':
      return t('bc.dest.failed', { reason: d.reason ?? '' });
    case 'retrying':
      return t('bc.dest.retrying', { reason: d.reason ?? '', seconds: Math.max(0, Math.ceil(((d.retryAt ?? now) - now) / 1000)) });
  }
}

export function BroadcastControl(props: { media: MediaHandle }) {
  const state = useSignal<BroadcastState | null>(null);
  const cmd = useCommand();
  const link = props.media.session.link;
  useEffect(() => {
    const off = link.on('media:broadcast', (s) => (state.value = s));
    const load = () =>
      void link.request('media:broadcast:state', {}).then((ack) => {
        if (ack.ok) state.value = ack.data;
      });
    const offConnect = link.onConnect(load);
    if (link.connected) load();
    return () => {
      off();
      offConnect();
    };
  }, [link]);
  const s = state.value;
  if (!s) return null;
  const text = s.live ? t('bc.on') : s.wanted ? t('bc.waiting') : t('bc.off');
  const now = Date.now();
  return (
    <div class="media-console__recording" role="group" aria-labelledby="media-bc-title">
      <h3 id="media-bc-title">{t('bc.title')}</h3>
      <p role="status" aria-live="polite">
        {s.live ? <span class="media-rec-dot" aria-hidden="true" /> : null}
        {text}
      </p>
      {s.destinations.length > 0 ? (
        <ul class="broadcast-destinations" aria-label={t('bc.destinations')}>
          {s.destinations.map((d) => (
            <li key={d.id} data-state={d.state}>
              <strong>{d.label}</strong> — {destinationText(d, now)}
            </li>
          ))}
        </ul>
      ) : null}
      <button
        type="button"
        class={`button${s.wanted ? ' button--danger' : ''}`}
        disabled={cmd.busy.value}
        onClick={() =>
          cmd.run(async () => {
            const ack = await link.request('media:broadcast', { action: s.wanted ? 'stop' : 'start' });
            if (ack.ok) state.value = ack.data;
            return ack;
          })
        }
      >
        {s.wanted ? t('bc.stop') : t('bc.start')}
      </button>
      <ErrorText error={cmd.error.value} />
    </div>
  );
}
