// "Use on another device": asks the server for a short single-use transfer code and shows
// it with a QR code of the link that redeems it, so the other device becomes the same
// participant (same place in the queue, one ballot) instead of a new one.
import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import QRCode from 'qrcode';
import { api } from '../../lib/api.ts';
import { formatTime, t } from '../../lib/i18n.ts';
import { transferUrl } from '../../lib/rejoin.ts';
import { ErrorText, useCommand } from '../../components/command.tsx';

interface TransferCode {
  code: string;
  expiresAt: number;
}

export function DeviceTransfer(props: { debateId: string; token: string }) {
  const cmd = useCommand();
  const issued = useSignal<TransferCode | null>(null);
  const svg = useSignal<string | null>(null);
  useEffect(() => {
    const code = issued.value?.code;
    if (!code) return;
    let alive = true;
    QRCode.toString(transferUrl(props.debateId, code), { type: 'svg', margin: 4, errorCorrectionLevel: 'M' })
      .then((s) => {
        if (alive) svg.value = s;
      })
      .catch(() => {
        // The typed code still works without the picture.
        if (alive) svg.value = null;
      });
    return () => {
      alive = false;
    };
  }, [issued.value?.code]);

  async function show() {
    const ack = await cmd.run(() => api<TransferCode>('POST', `/api/debates/${props.debateId}/rejoin/transfer`, { token: props.token }));
    if (ack.ok) issued.value = ack.data;
  }

  const code = issued.value;
  return (
    <details class="card transfer">
      <summary>{t('transfer.title')}</summary>
      <p class="muted">{t('transfer.intro')}</p>
      <button type="button" class="button" onClick={show} disabled={cmd.busy.value}>
        {t('transfer.show')}
      </button>
      <ErrorText error={cmd.error.value} />
      {code ? (
        <div class="transfer__code" role="status">
          <p>{t('transfer.code', { code: `${code.code.slice(0, 4)} ${code.code.slice(4)}` })}</p>
          <p class="muted">{t('transfer.expires', { time: formatTime(code.expiresAt) })}</p>
          {svg.value ? (
            <img class="qr__image" src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg.value)}`} alt={t('transfer.qrAlt')} />
          ) : null}
        </div>
      ) : null}
    </details>
  );
}
