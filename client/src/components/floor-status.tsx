// What the room display (and other pages) say when nobody holds the floor: right after a
// turn ran out, "time is up" with the speaker's name for a few seconds, so the room sees
// why the speaker was cut; otherwise "nobody has the floor" (or the debate's status).
import { justExpired } from '../lib/floor-notice.ts';
import { t } from '../lib/i18n.ts';
import type { DebateView } from '../lib/view-types.ts';

export function FloorStatus(props: { view: DebateView; now: number; class?: string }) {
  const { view } = props;
  const expired = justExpired(view, props.now);
  if (expired) {
    return (
      <p class={`${props.class ?? ''} floor-status floor-status--expired`}>
        <span class="floor-status__head">{t('countdown.over')}</span> {t('floor.expired', { name: expired.name })}
      </p>
    );
  }
  return <p class={props.class}>{t(view.debate.status === 'live' ? 'floor.nobody' : `status.${view.debate.status}`)}</p>;
}
