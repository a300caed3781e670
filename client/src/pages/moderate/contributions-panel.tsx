// Written contributions for the moderator: read one out (it becomes a written turn of
// the chosen length on the floor) or dismiss it; those already read are listed below.
import { useSignal } from '@preact/signals';
import { t } from '../../lib/i18n.ts';
import type { LiveDebate } from '../../lib/live.ts';
import { groupName } from '../../lib/speaking-time.ts';
import type { Contribution, DebateView } from '../../lib/view-types.ts';
import { ErrorText, useCommand } from '../../components/command.tsx';

function Item(props: { live: LiveDebate; c: Contribution; view: DebateView }) {
  const { c, live, view } = props;
  const cmd = useCommand();
  const seconds = useSignal(String(view.debate.modalities.turn.defaultSeconds));
  const floorBusy = view.turns.floor !== null;
  const inputId = `read-seconds-${c.id}`;
  return (
    <li class="contribution">
      <p>{c.text}</p>
      <p class="muted">
        {t('questions.by', { name: c.authorName })}
        {c.group ? ` · ${groupName(view, c.group)}` : ''}
      </p>
      <form
        class="inline-form"
        onSubmit={(ev) => {
          ev.preventDefault();
          const n = Number.parseInt(seconds.value, 10);
          void cmd.run(() => live.conn.send('contribution:read', Number.isFinite(n) && n > 0 ? { contributionId: c.id, seconds: n } : { contributionId: c.id }));
        }}
      >
        <label for={inputId}>{t('mod.floor.seconds')}</label>
        <input id={inputId} type="number" min={1} max={3600} value={seconds.value} onInput={(e) => (seconds.value = e.currentTarget.value)} />
        <button type="submit" class="button button--small button--primary" disabled={cmd.busy.value || floorBusy || view.debate.status !== 'live'}>
          {t('mod.contrib.read')}
        </button>
        <button type="button" class="button button--small button--danger" disabled={cmd.busy.value}
          onClick={() => cmd.run(() => live.conn.send('contribution:dismiss', { contributionId: c.id }))}>
          {t('mod.contrib.dismiss')}
        </button>
      </form>
      <ErrorText error={cmd.error.value} />
    </li>
  );
}

export function ContributionsPanel(props: { live: LiveDebate; view: DebateView }) {
  const all = props.view.questions.contributions;
  const waiting = all.filter((c) => c.status === 'submitted');
  const read = all.filter((c) => c.status === 'read');
  return (
    <section class="card" aria-labelledby="modc-title">
      <h2 id="modc-title">
        {t('contrib.title')} <span class="count">({waiting.length})</span>
      </h2>
      {waiting.length === 0 ? <p class="muted">{t('mod.contrib.none')}</p> : null}
      <ul class="plain-list">
        {waiting.map((c) => (
          <Item key={c.id} live={props.live} c={c} view={props.view} />
        ))}
      </ul>
      {read.length > 0 ? (
        <details>
          <summary>{t('mod.contrib.readList', { count: read.length })}</summary>
          <ul class="plain-list">
            {read.map((c) => (
              <li key={c.id}>
                <p>{c.text}</p>
                <p class="muted">{t('questions.by', { name: c.authorName })}</p>
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </section>
  );
}
