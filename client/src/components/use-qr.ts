// A QR code of a link as SVG text, drawn by `qrcode` (error correction M) with the
// 4-module quiet zone the standard asks for: with less, phone readers miss a code
// projected on a busy background. Null while drawing or for an unencodable link.
import { useSignal, type Signal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import QRCode from 'qrcode';

/** Modules of white around the code (ISO/IEC 18004 requires 4). */
export const QR_QUIET_ZONE = 4;

export function useQrSvg(url: string | null): Signal<string | null> {
  const svg = useSignal<string | null>(null);
  useEffect(() => {
    let alive = true;
    if (!url) {
      svg.value = null;
      return;
    }
    QRCode.toString(url, { type: 'svg', margin: QR_QUIET_ZONE, errorCorrectionLevel: 'M', color: { dark: '#000000', light: '#ffffff' } })
      .then((s) => {
        if (alive) svg.value = s;
      })
      .catch(() => {
        // An unencodable URL: the printed link beside the code is still there.
        if (alive) svg.value = null;
      });
    return () => {
      alive = false;
    };
  }, [url]);
  return svg;
}

export const svgDataUrl = (svg: string): string => `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
