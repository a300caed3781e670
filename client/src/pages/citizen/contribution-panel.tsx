// Written contributions: a citizen submits a text (optionally for a group); the
// moderator may read it out as a written turn. The citizen sees their own and their status.
import { useSignal } from '@preact/signals';
import { t } from '../../lib/i18n.ts';
import type { LiveDebate } from '../../lib/live.ts';
import type { DebateView } from '../../lib/view-types.ts';
import { ErrorText, useCommand } from '../../components/command.tsx';

export function ContributionPanel(props: { live: LiveDebate; view: DebateView; me: string; isSpeaker: boolean }) {
  const text = useSignal('');
  const group = useSignal('');
  const cmd = useCommand();
  const { view } = props;
  const groups = view.debate.modalities.groups;
  const mine = view.questions.contributions.filter((c) => c.authorId === props.me);
  const others = view.questions.contributions.filter((c) => c.authorId !== props.me && c.status === 'read');
  const submit = async (ev: Event) => {
    ev.preventDefault();
    const payload = group.value && !props.isSpeaker ? { text: text.value, group: group.value } : { text: text.value };
    const ack = await cmd.run(() => props.live.conn.send('contribution:submit', payload));
    if (ack.ok) text.value = '';
  };
  return (
    <section class="card" aria-labelledby="contrib-title">
      <h2 id="contrib-title">{t('contrib.title')}</h2>
      {view.debate.status === 'live' ? (
        <form class="form" onSubmit={submit}>
          <label for="contrib-text">{t('contrib.text')}</label>
          <textarea
            id="contrib-text"
            rows={5}
            maxLength={2000}
            required
            value={text.value}
            onInput={(e) => (text.value = e.currentTarget.value)}
          />
          {groups.length > 0 && !props.isSpeaker ? (
            <>
              <label for="contrib-group">{t('hand.group')}</label>
              <select id="contrib-group" value={group.value} onChange={(e) => (group.value = e.currentTarget.value)}>
                <option value="">{t('hand.noGroup')}</option>
                {groups.map((g) => (
                  <option key={g.id} value={g.id}>
                    {g.name}
                  </option>
                ))}
              </select>
            </>
          ) : null}
          <ErrorText error={cmd.error.value} />
          <button type="submit" class="button button--primary" disabled={cmd.busy.value || !text.value.trim()}>
            {t('contrib.submit')}
          </button>
        </form>
      ) : (
        <p class="muted">{t('contrib.notLive')}</p>
      )}
      {mine.length > 0 ? (
        <>
          <h3>{t('contrib.mine')}</h3>
          <ul class="plain-list">
            {mine.map((c) => (
              <li key={c.id}>
                <p>{c.text}</p>
                <p class="muted">{t(`contrib.status.${c.status}`)}</p>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {others.length > 0 ? (
        <>
          <h3>{t('contrib.readOut')}</h3>
          <ul class="plain-list">
            {others.map((c) => (
              <li key={c.id}>
                <p>{c.text}</p>
                <p class="muted">{t('questions.by', { name: c.authorName })}</p>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
