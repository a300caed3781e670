// The room-display link: the moderator issues a read-only display token and opens the
// display page with it (on the computer wired to the projector).
import { useSignal } from '@preact/signals';
import { api } from '../../lib/api.ts';
import { t } from '../../lib/i18n.ts';
import { ErrorText, useCommand } from '../../components/command.tsx';

export function DisplayLink(props: { debateId: string; token: string }) {
  const cmd = useCommand();
  const link = useSignal<string | null>(null);
  const create = async () => {
    const ack = await cmd.run(() =>
      api<{ token: string }>('POST', `/api/debates/${props.debateId}/tokens/display`, { token: props.token, body: {} }),
    );
    if (ack.ok) link.value = `${location.origin}/display/${props.debateId}#token=${ack.data.token}`;
  };
  return (
    <section class="card" aria-labelledby="display-link-title">
      <h2 id="display-link-title">{t('mod.display.title')}</h2>
      <p class="muted">{t('mod.display.text')}</p>
      <button type="button" class="button" disabled={cmd.busy.value} onClick={create}>
        {t('mod.display.create')}
      </button>
      {link.value ? (
        <p>
          <a href={link.value} target="_blank" rel="noopener">
            {t('mod.display.open')}
          </a>
        </p>
      ) : null}
      <ErrorText error={cmd.error.value} />
    </section>
  );
}
