// Polls for the moderator: create one, approve or reject citizens' proposals, open
// drafts, close open polls, and watch results live (moderators see every tally); the
// poll shown on the room display says so and can be taken off it.
import { t } from '../../lib/i18n.ts';
import type { LiveDebate } from '../../lib/live.ts';
import type { DebateView, PollView } from '../../lib/view-types.ts';
import { ErrorText, useCommand } from '../../components/command.tsx';
import { optionLabels, PollResults } from '../../components/poll-results.tsx';
import { featuredPoll } from '../../lib/display.ts';
import { PollForm } from './poll-form.tsx';

function PollCard(props: { live: LiveDebate; poll: PollView; isLive: boolean; onScreen: boolean }) {
  const { poll, live } = props;
  const cmd = useCommand();
  const send = cmd.run;
  const id = { pollId: poll.id };
  return (
    <article class={`poll poll--${poll.status}`} aria-label={poll.question}>
      <h4>{poll.question}</h4>
      <p class="muted">
        {t(`poll.kind.${poll.kind}`)} · {t(`poll.visibilityName.${poll.visibility}`)} · {t(`poll.status.${poll.status}`)}
      </p>
      {poll.status === 'proposed' || poll.status === 'draft' ? (
        <ul class="plain-list muted">
          {optionLabels(poll).map((o, i) => (
            <li key={i}>{o}</li>
          ))}
        </ul>
      ) : null}
      <div class="button-row">
        {poll.status === 'proposed' ? (
          <>
            <button type="button" class="button button--primary" disabled={cmd.busy.value || !props.isLive}
              onClick={() => send(() => live.conn.send('poll:approve', { ...id, openNow: true }))}>
              {t('mod.polls.approveOpen')}
            </button>
            <button type="button" class="button" disabled={cmd.busy.value} onClick={() => send(() => live.conn.send('poll:approve', id))}>
              {t('mod.polls.approve')}
            </button>
            <button type="button" class="button button--danger" disabled={cmd.busy.value} onClick={() => send(() => live.conn.send('poll:reject', id))}>
              {t('mod.polls.reject')}
            </button>
          </>
        ) : null}
        {poll.status === 'draft' ? (
          <button type="button" class="button button--primary" disabled={cmd.busy.value || !props.isLive} onClick={() => send(() => live.conn.send('poll:open', id))}>
            {t('mod.polls.open')}
          </button>
        ) : null}
        {props.onScreen ? (
          <>
            <span class="tag tag--warning">{t('screen.poll')}</span>
            <button type="button" class="button" disabled={cmd.busy.value} onClick={() => send(() => live.conn.send('screen:hide-poll', id))}>
              {t('screen.hide')}
            </button>
          </>
        ) : null}
        {poll.status === 'open' ? (
          <button type="button" class="button button--danger" disabled={cmd.busy.value} onClick={() => send(() => live.conn.send('poll:close', id))}>
            {t('mod.polls.close')}
          </button>
        ) : null}
      </div>
      {poll.status === 'open' || poll.status === 'closed' ? <PollResults poll={poll} /> : null}
      <ErrorText error={cmd.error.value} />
    </article>
  );
}

export function PollsPanel(props: { live: LiveDebate; view: DebateView }) {
  const { view } = props;
  const isLive = view.debate.status === 'live';
  const order = ['proposed', 'open', 'draft', 'closed'] as const;
  const polls = view.polls.polls;
  const onScreen = featuredPoll(polls, view.screen.hiddenPollIds);
  if (!view.debate.modalities.pollsEnabled) {
    return (
      <section class="card" aria-labelledby="polls-title">
        <h2 id="polls-title">{t('mod.polls.title')}</h2>
        <p class="muted">{t('mod.polls.disabled')}</p>
      </section>
    );
  }
  return (
    <section class="card" aria-labelledby="polls-title">
      <h2 id="polls-title">{t('mod.polls.title')}</h2>
      <PollForm live={props.live} canOpen={isLive} />
      {order.map((status) => {
        const list = polls.filter((p) => p.status === status);
        if (list.length === 0) return null;
        return (
          <div key={status}>
            <h3>{t(`mod.polls.group.${status}`)}</h3>
            {(status === 'closed' ? [...list].reverse() : list).map((p) => (
              <PollCard key={p.id} live={props.live} poll={p} isLive={isLive} onScreen={onScreen?.id === p.id} />
            ))}
          </div>
        );
      })}
    </section>
  );
}
