// What a person wants to know before joining a debate: when (and that it was postponed,
// from when, why), where, what it is about, whether it was cancelled; and the calendar
// entry to keep the date.
import { formatDateTime, t } from '../lib/i18n.ts';
import type { DebateDto } from '../lib/view-types.ts';

export function DebateInfo(props: { debate: DebateDto }) {
  const { debate } = props;
  const upcoming = debate.status === 'scheduled' || debate.status === 'live';
  return (
    <section class="debate-info" aria-label={t('info.label')}>
      {debate.status === 'cancelled' ? (
        <p class="banner banner--error" role="status">
          {t('info.cancelled')}
          {debate.cancelReason ? ` ${debate.cancelReason}` : ''}
        </p>
      ) : null}
      <dl class="debate-info__facts">
        <dt>{t('info.when')}</dt>
        <dd>
          {debate.status === 'cancelled' ? <s>{formatDateTime(debate.modalities.scheduledStart)}</s> : formatDateTime(debate.modalities.scheduledStart)}
          {debate.postponedFrom && debate.status !== 'cancelled' ? (
            <span class="debate-info__postponed">
              {' '}
              {t('info.postponed', { from: formatDateTime(debate.postponedFrom) })}
              {debate.postponeReason ? ` ${debate.postponeReason}` : ''}
            </span>
          ) : null}
        </dd>
        {debate.location ? (
          <>
            <dt>{t('info.where')}</dt>
            <dd>{debate.location}</dd>
          </>
        ) : null}
      </dl>
      {debate.description ? <p class="debate-info__desc">{debate.description}</p> : null}
      {upcoming ? (
        <p>
          <a href={debate.links.ics} download={`debat-${debate.id}.ics`}>
            {t('info.ics')}
          </a>
        </p>
      ) : null}
    </section>
  );
}
