// The ended state, the same on every page: the debate is over, and the way to its
// archive (a link; the room display shows it as a QR code and a short link instead).
import { t } from '../lib/i18n.ts';

export function archivePath(debateId: string): string {
  return `/archive/${debateId}`;
}

export function EndedNotice(props: { debateId: string; headingLevel?: 2 | 3 }) {
  const Heading = props.headingLevel === 3 ? 'h3' : 'h2';
  return (
    <section class="card ended-notice" aria-labelledby="ended-title">
      <Heading id="ended-title">{t('ended.title')}</Heading>
      <p>{t('ended.thanks')}</p>
      <p>
        <a class="button button--primary" href={archivePath(props.debateId)}>
          {t('ended.toArchive')}
        </a>
      </p>
    </section>
  );
}
