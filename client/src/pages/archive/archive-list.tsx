// The archive /archive (and the home page): public debates, searchable (GET
// /api/public/debates?q=: titles, descriptions, public questions and contributions,
// speakers; accents ignored), filterable by status. Live and upcoming debates link to
// their page in the citizen app (an upcoming debate has no archive yet) and to their
// calendar entry; past ones to their archive page.
import { useSignal } from '@preact/signals';
import { formatDateTime, t } from '../../lib/i18n.ts';
import type { DebateDto, DebateListResponse } from '../../lib/view-types.ts';
import { publicListPath, type StatusFilter } from '../../lib/archive.ts';
import { AppShell } from '../../components/app-shell.tsx';
import { LoadError } from '../../components/load-error.tsx';
import { useApi } from '../../components/use-api.ts';
import { FeedLinks } from '../../components/feed-links.tsx';
import { SubscribeForm } from '../../components/subscribe-form.tsx';

function initialQuery(): string {
  return typeof location === 'undefined' ? '' : (new URLSearchParams(location.search).get('q') ?? '');
}

/** A past debate's page is its archive; an upcoming, live or cancelled one's, the citizen app. */
const pageOf = (d: DebateDto): string => (d.status === 'ended' || d.status === 'archived' ? `/archive/${d.id}` : `/d/${d.id}`);

export function ArchiveList(props: { home?: boolean }) {
  const draft = useSignal(initialQuery());
  const query = useSignal(draft.value);
  const status = useSignal<StatusFilter>('');
  const { result } = useApi<DebateListResponse>(publicListPath(query.value, status.value));
  const loaded = result.value;
  const submit = (ev: Event) => {
    ev.preventDefault();
    query.value = draft.value;
    const url = new URL(location.href);
    if (draft.value.trim()) url.searchParams.set('q', draft.value.trim());
    else url.searchParams.delete('q');
    history.replaceState(null, '', url);
  };
  return (
    <AppShell
      title={t(props.home ? 'home.title' : 'archive.title')}
      footer={
        props.home ? (
          <p>
            {t('home.organizers')} <a href="/admin">{t('home.organizersLink')}</a>
          </p>
        ) : undefined
      }
    >
      <h1>{t(props.home ? 'home.heading' : 'archive.heading')}</h1>
      {props.home ? <p class="lead">{t('home.intro')}</p> : null}
      {props.home ? (
        <p>
          <a href="/requests">{t('requests.link')}</a>
        </p>
      ) : null}
      {props.home ? <SubscribeForm scope={{ kind: 'all' }} id="subscribe-all" /> : null}
      <form class="search" role="search" onSubmit={submit}>
        <label for="archive-q">{t('archive.search')}</label>
        <input id="archive-q" type="search" maxLength={200} value={draft.value} onInput={(e) => (draft.value = e.currentTarget.value)} />
        <label for="archive-status">{t('archive.status')}</label>
        <select id="archive-status" value={status.value} onChange={(e) => (status.value = e.currentTarget.value as StatusFilter)}>
          <option value="">{t('archive.all')}</option>
          {(['live', 'scheduled', 'ended', 'archived'] as const).map((s) => (
            <option key={s} value={s}>
              {t(`status.${s}`)}
            </option>
          ))}
        </select>
        <button type="submit" class="button button--primary">
          {t('archive.searchButton')}
        </button>
      </form>
      <div aria-live="polite" aria-busy={loaded.state === 'loading'}>
        {loaded.state === 'loading' ? <p>{t('common.loading')}</p> : null}
        {loaded.state === 'error' ? <LoadError code={loaded.error.code} /> : null}
        {loaded.state === 'ok' ? (
          <>
            <p class="muted">{t('archive.count', { count: loaded.data.debates.length })}</p>
            <ul class="debate-list">
              {loaded.data.debates.map((d) => (
                <li key={d.id} class="debate-item">
                  <h2 class="debate-item__title">
                    <a href={pageOf(d)}>{d.title}</a>
                  </h2>
                  <p class="muted">
                    {formatDateTime(d.modalities.scheduledStart)} · <span class={`status status--${d.status}`}>{t(`status.${d.status}`)}</span>
                    {d.location ? ` · ${d.location}` : ''}
                  </p>
                  {d.description ? <p class="debate-item__desc">{d.description}</p> : null}
                  {loaded.data.matches?.[d.id] ? (
                    <p class="muted">
                      {t('archive.matchedIn', { where: loaded.data.matches[d.id]!.map((m) => t(`archive.match.${m}`)).join(', ') })}
                    </p>
                  ) : null}
                  {d.status === 'live' || d.status === 'scheduled' ? (
                    <p class="debate-item__actions">
                      <a class="button button--primary" href={`/d/${d.id}`}>
                        {t(d.status === 'live' ? 'archive.joinLive' : 'archive.joinScheduled')}
                        <span class="visually-hidden">{t('common.colon')}{d.title}</span>
                      </a>{' '}
                      <a class="button" href={d.links.ics} download={`debat-${d.id}.ics`}>
                        {t('archive.addToCalendar')}
                        <span class="visually-hidden">{t('common.colon')}{d.title}</span>
                      </a>
                    </p>
                  ) : null}
                  {d.status === 'scheduled' ? <SubscribeToDebate debate={d} /> : null}
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </div>
      <FeedLinks />
    </AppShell>
  );
}

/** "S'inscrire au débat": opens the subscribe form for this one debate. */
function SubscribeToDebate(props: { debate: DebateDto }) {
  const open = useSignal(false);
  const { debate } = props;
  return open.value ? (
    <SubscribeForm scope={{ kind: 'debate', debateId: debate.id }} id={`subscribe-${debate.id}`} heading={false} />
  ) : (
    <p>
      <button type="button" class="button" aria-expanded="false" onClick={() => (open.value = true)}>
        {t('notify.submit.debate')}
        <span class="visually-hidden">{t('common.colon')}{debate.title}</span>
      </button>
    </p>
  );
}
