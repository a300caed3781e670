// A participant's presence as the server knows it (any socket on any node): connected, or
// away since a given time. Text, not colour alone; nothing when presence was never recorded.
import { formatTime, t } from '../lib/i18n.ts';
import type { DebateView } from '../lib/view-types.ts';

export function PresenceTag(props: { view: DebateView; participantId: string }) {
  const p = props.view.turns.presence[props.participantId];
  if (!p) return null;
  if (p.connected) return <span class="tag presence presence--on">{t('presence.connected')}</span>;
  return <span class="tag tag--warning presence presence--away">{t('presence.awaySince', { time: formatTime(p.since) })}</span>;
}

/** Whom the last "next" passed over, said on the console while that turn runs. */
export function SkippedNotice(props: { view: DebateView }) {
  const skipped = props.view.turns.lastSkipped;
  if (skipped.length === 0) return null;
  return (
    <p class="notice skipped" role="status">
      {t('presence.skipped', { names: skipped.map((s) => s.name).join(', '), count: skipped.length })}
    </p>
  );
}
