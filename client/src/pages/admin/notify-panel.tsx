// The organizer's view of a debate's e-mail notifications: whether e-mail is on (and
// from whom), how many subscribers, each mail's delivery state (sent, waiting, failed and
// why, skipped), and a preview of every mail in French or English.
import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { api } from '../../lib/api.ts';
import { errorMessage, formatDateTime, t, type MessageKey } from '../../lib/i18n.ts';
import type { DebateDto } from '../../lib/view-types.ts';
import { MAIL_KINDS, type MailKind, type NotifyStatusResponse, type PreviewResponse } from '../../../../server/src/protocol/notify.ts';

const offsetText = (ms: number) => (ms >= 86_400_000 ? `${ms / 86_400_000} j` : ms >= 3_600_000 ? `${ms / 3_600_000} h` : ms >= 60_000 ? `${ms / 60_000} min` : `${ms / 1000} s`);

export function NotifyPanel(props: { token: string; debate: DebateDto }) {
  const { debate } = props;
  const status = useSignal<NotifyStatusResponse | null>(null);
  const error = useSignal<string | null>(null);
  const kind = useSignal<MailKind>('announced');
  const previewLang = useSignal<'fr' | 'en'>('fr');
  const preview = useSignal<PreviewResponse | null>(null);
  const load = async () => {
    const ack = await api<NotifyStatusResponse>('GET', `/api/debates/${debate.id}/notify`, { token: props.token });
    if (ack.ok) status.value = ack.data;
    else error.value = errorMessage(ack.error);
  };
  useEffect(() => {
    void load();
  }, [debate.id, debate.updatedAt]);
  const showPreview = async (ev: Event) => {
    ev.preventDefault();
    const ack = await api<PreviewResponse>('GET', `/api/debates/${debate.id}/notify/preview?kind=${kind.value}&lang=${previewLang.value}`, { token: props.token });
    if (ack.ok) preview.value = ack.data;
    else error.value = errorMessage(ack.error);
  };
  const s = status.value;
  const id = `notify-${debate.id}`;
  return (
    <details class="notify-panel">
      <summary>{t('admin.notify.title')}</summary>
      {error.value ? <p class="error-text" role="alert">{error.value}</p> : null}
      {s && !s.emailEnabled ? <p class="notice" role="status">{t('admin.notify.off')}</p> : null}
      {s && s.emailEnabled ? (
        <>
          <p>{t('admin.notify.on', { from: s.from, count: s.subscribers, offsets: s.reminderOffsetsMs.map(offsetText).join(', ') })}</p>
          <p>{t('admin.notify.counts', { sent: s.counts.sent ?? 0, queued: s.counts.queued ?? 0, failed: s.counts.failed ?? 0, skipped: s.counts.skipped ?? 0 })}</p>
          {s.deliveries.length === 0 ? (
            <p class="muted">{t('admin.notify.none')}</p>
          ) : (
            <table class="notify-deliveries">
              <thead>
                <tr>
                  <th scope="col">{t('admin.notify.kind')}</th>
                  <th scope="col">{t('admin.notify.to')}</th>
                  <th scope="col">{t('admin.notify.status')}</th>
                  <th scope="col">{t('admin.notify.attempts')}</th>
                  <th scope="col">{t('admin.notify.why')}</th>
                </tr>
              </thead>
              <tbody>
                {s.deliveries.map((d) => (
                  <tr key={d.id}>
                    <td>{t(`admin.notify.kind.${d.kind}` as MessageKey)}</td>
                    <td>{d.recipientHint}</td>
                    <td>
                      {t(`admin.notify.status.${d.status}`)}
                      {d.sentAt ? ` · ${formatDateTime(d.sentAt)}` : ''}
                    </td>
                    <td>{d.attempts}</td>
                    <td>{d.error ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <p>
            <button type="button" class="button button--small" onClick={() => void load()}>
              {t('admin.notify.refresh')}
            </button>
          </p>
        </>
      ) : null}
      <form class="form form--inline" onSubmit={showPreview}>
        <label for={`${id}-kind`}>{t('admin.notify.preview')}</label>
        <select id={`${id}-kind`} value={kind.value} onChange={(e) => (kind.value = e.currentTarget.value as MailKind)}>
          {MAIL_KINDS.filter((k) => k !== 'confirm').map((k) => (
            <option key={k} value={k}>
              {t(`admin.notify.kind.${k}`)}
            </option>
          ))}
        </select>
        <label for={`${id}-lang`}>{t('admin.notify.previewLang')}</label>
        <select id={`${id}-lang`} value={previewLang.value} onChange={(e) => (previewLang.value = e.currentTarget.value as 'fr' | 'en')}>
          <option value="fr">{t('notify.lang.fr')}</option>
          <option value="en">{t('notify.lang.en')}</option>
        </select>
        <button type="submit" class="button button--small">
          {t('admin.notify.show')}
        </button>
      </form>
      {preview.value ? (
        <div class="notify-preview">
          <p>
            <strong>{preview.value.subject}</strong>
          </p>
          <pre class="notify-preview__text">{preview.value.text}</pre>
        </div>
      ) : null}
    </details>
  );
}
