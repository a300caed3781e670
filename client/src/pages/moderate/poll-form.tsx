// Creating a poll from scratch: question, kind (single / multiple / scale), options one
// per line, result visibility, auto-close, open at once. Checked by the shared schema
// before it is sent; the server's refusal is shown in words.
import { useSignal } from '@preact/signals';
import { t } from '../../lib/i18n.ts';
import type { LiveDebate } from '../../lib/live.ts';
import { buildPollPayload, type Kind, type Visibility } from '../../lib/poll-payload.ts';
import { ErrorText, useCommand } from '../../components/command.tsx';

export function PollForm(props: { live: LiveDebate; canOpen: boolean }) {
  const cmd = useCommand();
  const question = useSignal('');
  const kind = useSignal<Kind>('single');
  const options = useSignal('');
  const maxChoices = useSignal('');
  const scaleMax = useSignal('5');
  const visibility = useSignal<Visibility>('live');
  const anonymous = useSignal(true);
  const autoClose = useSignal('');
  const openNow = useSignal(true);
  const submit = async (ev: Event) => {
    ev.preventDefault();
    const payload = buildPollPayload({
      question: question.value,
      kind: kind.value,
      options: options.value,
      maxChoices: maxChoices.value,
      scaleMax: scaleMax.value,
      visibility: visibility.value,
      anonymous: anonymous.value,
      autoClose: autoClose.value,
      openNow: openNow.value && props.canOpen,
    });
    const ack = await cmd.run(() => props.live.conn.send('poll:create', payload));
    if (ack.ok) {
      question.value = '';
      options.value = '';
    }
  };
  return (
    <details class="poll-form">
      <summary>{t('mod.polls.new')}</summary>
      <form class="form" onSubmit={submit}>
        <label for="poll-question">{t('mod.polls.question')}</label>
        <input id="poll-question" required maxLength={300} value={question.value} onInput={(e) => (question.value = e.currentTarget.value)} />
        <label for="poll-kind">{t('mod.polls.kind')}</label>
        <select id="poll-kind" value={kind.value} onChange={(e) => (kind.value = e.currentTarget.value as Kind)}>
          <option value="single">{t('poll.kind.single')}</option>
          <option value="multiple">{t('poll.kind.multiple')}</option>
          <option value="scale">{t('poll.kind.scale')}</option>
        </select>
        {kind.value === 'scale' ? (
          <>
            <label for="poll-scale">{t('mod.polls.scaleMax')}</label>
            <select id="poll-scale" value={scaleMax.value} onChange={(e) => (scaleMax.value = e.currentTarget.value)}>
              <option value="5">1–5</option>
              <option value="10">1–10</option>
            </select>
          </>
        ) : (
          <>
            <label for="poll-options">{t('mod.polls.options')}</label>
            <textarea id="poll-options" rows={4} required value={options.value} aria-describedby="poll-options-hint"
              onInput={(e) => (options.value = e.currentTarget.value)} />
            <p id="poll-options-hint" class="muted">{t('mod.polls.optionsHint')}</p>
          </>
        )}
        {kind.value === 'multiple' ? (
          <>
            <label for="poll-max">{t('mod.polls.maxChoices')}</label>
            <input id="poll-max" type="number" min={1} max={20} value={maxChoices.value} onInput={(e) => (maxChoices.value = e.currentTarget.value)} />
          </>
        ) : null}
        <label for="poll-visibility">{t('mod.polls.visibility')}</label>
        <select id="poll-visibility" value={visibility.value} onChange={(e) => (visibility.value = e.currentTarget.value as Visibility)}>
          <option value="live">{t('poll.visibilityName.live')}</option>
          <option value="after_close">{t('poll.visibilityName.after_close')}</option>
          <option value="hidden">{t('poll.visibilityName.hidden')}</option>
        </select>
        <label for="poll-auto">{t('mod.polls.autoClose')}</label>
        <input id="poll-auto" type="number" min={5} max={86400} value={autoClose.value} onInput={(e) => (autoClose.value = e.currentTarget.value)} />
        <div class="choice">
          <input id="poll-anonymous" type="checkbox" checked={anonymous.value} onChange={(e) => (anonymous.value = e.currentTarget.checked)} />
          <label for="poll-anonymous">{t('mod.polls.anonymous')}</label>
        </div>
        <div class="choice">
          <input id="poll-open-now" type="checkbox" checked={openNow.value} disabled={!props.canOpen} onChange={(e) => (openNow.value = e.currentTarget.checked)} />
          <label for="poll-open-now">{t('mod.polls.openNow')}</label>
        </div>
        <ErrorText error={cmd.error.value} />
        <button type="submit" class="button button--primary" disabled={cmd.busy.value}>
          {t('mod.polls.create')}
        </button>
      </form>
    </details>
  );
}
