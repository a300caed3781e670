// The debate's status for the moderator, with opening (confirmed, the scheduled date
// shown) and closing (confirmed), and once it is over the way to the archive.
import { formatDateTime, t } from '../../lib/i18n.ts';
import type { LiveDebate } from '../../lib/live.ts';
import type { DebateView } from '../../lib/view-types.ts';
import { ErrorText, useCommand } from '../../components/command.tsx';
import { ConfirmButton } from '../../components/confirm-button.tsx';
import { EndDebateButton } from '../../components/end-debate.tsx';
import { archivePath } from '../../components/ended-notice.tsx';

export function StatusBar(props: { live: LiveDebate; view: DebateView }) {
  const { live, view } = props;
  const cmd = useCommand();
  const status = view.debate.status;
  const over = status === 'ended' || status === 'archived';
  return (
    <section class={`card status-bar${over ? ' status-bar--ended' : ''}`} aria-labelledby="status-title">
      <h2 id="status-title">
        {t('mod.status')}{t('common.colon')}<span class={`status status--${status}`}>{t(`status.${status}`)}</span>
      </h2>
      <div class="button-row">
        {status === 'scheduled' ? (
          <ConfirmButton busy={cmd.busy.value} yes={t('mod.startYes')}
            question={t('mod.startConfirm', { date: formatDateTime(view.debate.modalities.scheduledStart) })}
            onConfirm={() => cmd.run(() => live.conn.send('debate:start', {}))}>
            {t('mod.start')}
          </ConfirmButton>
        ) : null}
        {status === 'live' ? (
          <EndDebateButton busy={cmd.busy.value} onEnd={() => cmd.run(() => live.conn.send('debate:end', {}))}>
            {t('mod.end')}
          </EndDebateButton>
        ) : null}
        {over ? (
          <>
            <span>{t('ended.title')}.</span>
            <a class="button button--primary" href={archivePath(view.debate.id)}>{t('mod.toArchive')}</a>
          </>
        ) : null}
      </div>
      <ErrorText error={cmd.error.value} />
    </section>
  );
}
