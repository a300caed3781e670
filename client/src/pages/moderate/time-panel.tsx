// Speaking time per speaker and per group against the groups' quotas, live (the current
// turn included), guests with their affiliation. The meters carry their numbers as text
// too; long names wrap inside their column instead of running into the bars.
import { t } from '../../lib/i18n.ts';
import { formatDuration } from '../../lib/clock.ts';
import { affiliationOf } from '../../lib/guests.ts';
import { groupName, groupTimes, speakerTimes } from '../../lib/speaking-time.ts';
import type { DebateView } from '../../lib/view-types.ts';

export function TimePanel(props: { view: DebateView; now: number }) {
  const { view, now } = props;
  const groups = groupTimes(view, now);
  const speakers = speakerTimes(view, now);
  return (
    <section class="card" aria-labelledby="time-title">
      <h2 id="time-title">{t('mod.time.title')}</h2>
      {groups.length > 0 ? (
        <>
          <h3>{t('mod.time.groups')}</h3>
          <ul class="plain-list">
            {groups.map((g) => (
              <li key={g.groupId} class="quota">
                <span class="quota__name">{g.name}</span>
                {g.quotaMs !== null ? (
                  <>
                    <meter min={0} max={g.quotaMs} low={g.quotaMs * 0.75} high={g.quotaMs * 0.9} optimum={0} value={g.spokenMs}
                      aria-label={t('mod.time.quotaOf', { name: g.name })} />
                    <span class={g.remainingMs! < 0 ? 'quota__text quota__text--over' : 'quota__text'}>
                      {t('mod.time.quota', { spoken: formatDuration(g.spokenMs, false), quota: formatDuration(g.quotaMs) })}
                      {g.remainingMs! < 0 ? ` · ${t('mod.time.over')}` : ''}
                    </span>
                  </>
                ) : (
                  <span class="quota__text">{t('mod.time.noQuota', { spoken: formatDuration(g.spokenMs, false) })}</span>
                )}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h3>{t('mod.time.speakers')}</h3>
      {speakers.length === 0 ? (
        <p class="muted">{t('mod.time.none')}</p>
      ) : (
        <table class="table">
          <thead>
            <tr>
              <th scope="col">{t('mod.time.speaker')}</th>
              <th scope="col">{t('mod.time.group')}</th>
              <th scope="col">{t('mod.time.turns')}</th>
              <th scope="col">{t('mod.time.spoken')}</th>
            </tr>
          </thead>
          <tbody>
            {speakers.map((s) => (
              <tr key={s.participantId}>
                <th scope="row" class="time-table__name">
                  {s.name}
                  {affiliationOf(view, s.participantId) ? <span class="affiliation">{affiliationOf(view, s.participantId)}</span> : null}
                  {s.speakingNow ? <span class="tag">{t('mod.time.now')}</span> : null}
                </th>
                <td>{groupName(view, s.group) ?? '—'}</td>
                <td>{s.turns}</td>
                <td>{formatDuration(s.spokenMs, false)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
