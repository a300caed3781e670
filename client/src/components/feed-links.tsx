// The visible links to the instance's feeds (the same as index.html's <link rel="alternate">):
// the Atom feeds of announced debates and of published archives, and the calendar.
import { lang, t } from '../lib/i18n.ts';

export function FeedLinks() {
  const q = lang.value === 'en' ? '?lang=en' : '';
  return (
    <nav class="feed-links" aria-labelledby="feed-links-title">
      <h2 id="feed-links-title">{t('feeds.title')}</h2>
      <ul>
        <li>
          <a href={`/api/feeds/debates.atom${q}`} type="application/atom+xml">
            {t('feeds.debates')}
          </a>
        </li>
        <li>
          <a href={`/api/feeds/archives.atom${q}`} type="application/atom+xml">
            {t('feeds.archives')}
          </a>
        </li>
        <li>
          <a href="/api/calendar.ics" type="text/calendar">
            {t('feeds.calendar')}
          </a>
        </li>
      </ul>
    </nav>
  );
}
