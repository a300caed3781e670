// Where video goes once the media layer (mediasoup signaling, media:* events) is wired.
// Until then the area says so plainly instead of showing an empty box.
import { t } from '../lib/i18n.ts';

export function MediaPlaceholder(props: { kind: 'program' | 'publish' | 'recording' | 'console'; class?: string }) {
  return (
    <section class={`media-placeholder ${props.class ?? ''}`} aria-label={t(`media.${props.kind}.title`)}>
      <p class="media-placeholder__title">{t(`media.${props.kind}.title`)}</p>
      <p class="media-placeholder__text">{t('media.pending')}</p>
    </section>
  );
}
