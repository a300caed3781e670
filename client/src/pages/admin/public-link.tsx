// What an organizer hands out about one announced debate: the public link with its QR
// code (to print on a flyer: downloadable as SVG), the calendar entry (.ics), and the
// access code when the debate asks for one (typed in any case: the server ignores it).
// The QR code can be enlarged to most of the window, to show it from the organizer's
// screen to a hall (readable from the back: a quarter of the height at least).
import { useSignal } from '@preact/signals';
import { download } from '../../lib/api.ts';
import { t } from '../../lib/i18n.ts';
import type { DebateDto } from '../../lib/view-types.ts';
import { svgDataUrl, useQrSvg } from '../../components/use-qr.ts';

export function PublicLink(props: { debate: DebateDto }) {
  const { debate } = props;
  const svg = useQrSvg(debate.links.join);
  const code = debate.modalities.accessCode;
  const large = useSignal(false);
  return (
    <div class={`public-link${large.value ? ' public-link--large' : ''}`}>
      {svg.value ? <img class="public-link__qr" src={svgDataUrl(svg.value)} alt={t('admin.public.qrAlt', { url: debate.links.join })} /> : null}
      <div>
        <p class="public-link__url">
          <a href={debate.links.join}>{debate.links.join}</a>
        </p>
        {code ? (
          <p>
            {t('admin.public.accessCode')}
            {t('common.colon')}
            <strong class="access-code">{code}</strong>
          </p>
        ) : null}
        <p class="button-row">
          {svg.value ? (
            <button type="button" class="button button--small" aria-pressed={large.value} onClick={() => (large.value = !large.value)}>
              {t(large.value ? 'admin.public.qrSmaller' : 'admin.public.qrLarger')}
              <span class="visually-hidden">{t('common.colon')}{debate.title}</span>
            </button>
          ) : null}
          {svg.value ? (
            <button type="button" class="button button--small" onClick={() => download(`qr-${debate.id}.svg`, svg.value!, 'image/svg+xml')}>
              {t('admin.public.downloadQr')}
              <span class="visually-hidden">{t('common.colon')}{debate.title}</span>
            </button>
          ) : null}
          <a class="button button--small" href={debate.links.ics} download={`debat-${debate.id}.ics`}>
            {t('admin.public.ics')}
            <span class="visually-hidden">{t('common.colon')}{debate.title}</span>
          </a>
        </p>
      </div>
    </div>
  );
}
