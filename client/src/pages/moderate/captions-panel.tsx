// The console's captions card: the room display's captions on or off (caption:display,
// in the log) and the captioner link (vélotypie), created like the display link.
import { useSignal } from '@preact/signals';
import { api } from '../../lib/api.ts';
import { t } from '../../lib/i18n.ts';
import type { LiveDebate } from '../../lib/live.ts';
import type { DebateView } from '../../lib/view-types.ts';
import { ErrorText, useCommand } from '../../components/command.tsx';

export function CaptionsConsole(props: { live: LiveDebate; view: DebateView; debateId: string; token: string }) {
  const cmd = useCommand();
  const link = useSignal<string | null>(null);
  const on = props.view.screen.captions;
  const create = async () => {
    const ack = await cmd.run(() => api<{ token: string }>('POST', `/api/debates/${props.debateId}/tokens/captioner`, { token: props.token, body: {} }));
    if (ack.ok) link.value = `${location.origin}/caption/${props.debateId}#token=${ack.data.token}`;
  };
  return (
    <section class="card" aria-labelledby="captions-console-title">
      <h2 id="captions-console-title">{t('mod.captions.title')}</h2>
      {/* A toggle button, not a checkbox: its state is the log's (it changes when caption:display comes back). */}
      <button
        type="button"
        class="button"
        aria-pressed={on}
        disabled={cmd.busy.value}
        onClick={() => void cmd.run(() => props.live.conn.send('caption:display', { on: !on }))}
      >
        {t('mod.captions.display')}
      </button>
      <p class="muted">{t('mod.captions.text')}</p>
      <button type="button" class="button" disabled={cmd.busy.value} onClick={create}>
        {t('mod.captions.link')}
      </button>
      {link.value ? (
        <p>
          <a href={link.value} target="_blank" rel="noopener">
            {t('mod.captions.open')}
          </a>
        </p>
      ) : null}
      <ErrorText error={cmd.error.value} />
    </section>
  );
}
