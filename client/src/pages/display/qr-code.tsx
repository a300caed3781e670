// A QR code of the join link, drawn as SVG by `qrcode` and shown as an image with a text
// alternative; the short link is printed beside it for those without a camera.
import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import QRCode from 'qrcode';
import { t } from '../../lib/i18n.ts';
import { shortLink } from '../../lib/display.ts';

export function QrCode(props: { url: string; caption?: string }) {
  const svg = useSignal<string | null>(null);
  useEffect(() => {
    let alive = true;
    QRCode.toString(props.url, { type: 'svg', margin: 1, errorCorrectionLevel: 'M', color: { dark: '#000000', light: '#ffffff' } })
      .then((s) => {
        if (alive) svg.value = s;
      })
      .catch(() => {
        // An unencodable URL: the printed link below is still there.
        if (alive) svg.value = null;
      });
    return () => {
      alive = false;
    };
  }, [props.url]);
  return (
    <figure class="qr">
      {svg.value ? (
        <img
          class="qr__image"
          src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg.value)}`}
          alt={t('display.qrAlt', { url: shortLink(props.url) })}
        />
      ) : null}
      <figcaption>
        <span class="qr__caption">{props.caption ?? t('display.join')}</span>
        <span class="qr__link">{shortLink(props.url)}</span>
      </figcaption>
    </figure>
  );
}
