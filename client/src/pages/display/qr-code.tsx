// A QR code of the join link, shown as an image with a text alternative; the short link
// (and the access code, when the debate has one) printed beside it for those without a
// camera. On the projector the code is at least a quarter of the screen height (styles.css).
import { t } from '../../lib/i18n.ts';
import { shortLink } from '../../lib/display.ts';
import { svgDataUrl, useQrSvg } from '../../components/use-qr.ts';

export function QrCode(props: { url: string; caption?: string; accessCode?: string | undefined }) {
  const svg = useQrSvg(props.url);
  return (
    <figure class="qr">
      {svg.value ? <img class="qr__image" src={svgDataUrl(svg.value)} alt={t('display.qrAlt', { url: shortLink(props.url) })} /> : null}
      <figcaption>
        <span class="qr__caption">{props.caption ?? t('display.join')}</span>
        <span class="qr__link">{shortLink(props.url)}</span>
        {props.accessCode ? (
          <span class="qr__code">
            {t('display.accessCode')}
            {t('common.colon')}
            <strong>{props.accessCode}</strong>
          </span>
        ) : null}
      </figcaption>
    </figure>
  );
}
