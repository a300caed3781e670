// A group's speaking time against its quota, as text ("2:10 restantes sur 10:00", "quota
// dépassé de 0:15"): the console's clock and the room display say it the same way.
import { t } from '../lib/i18n.ts';
import { formatDuration } from '../lib/clock.ts';
import type { GroupTime } from '../lib/speaking-time.ts';

export function QuotaText(props: { group: GroupTime }) {
  const g = props.group;
  if (g.quotaMs === null || g.remainingMs === null) {
    return <span class="quota__text">{t('quota.none', { time: formatDuration(g.spokenMs, false) })}</span>;
  }
  if (g.remainingMs < 0) {
    return <span class="quota__text quota__text--over">{t('quota.over', { time: formatDuration(-g.remainingMs, false) })}</span>;
  }
  return <span class="quota__text">{t('quota.left', { time: formatDuration(g.remainingMs), quota: formatDuration(g.quotaMs) })}</span>;
}
