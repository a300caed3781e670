// Live polls for a citizen: a ballot form per open poll (single: radios, multiple:
// checkboxes up to maxChoices, scale: 1..N radios), the acknowledged ballot (it can be
// changed while the poll is open), and results whenever the poll's visibility allows.
import { useSignal } from '@preact/signals';
import { t } from '../../lib/i18n.ts';
import type { LiveDebate } from '../../lib/live.ts';
import type { PollView } from '../../lib/view-types.ts';
import { ErrorText, useCommand } from '../../components/command.tsx';
import { optionLabels, PollResults } from '../../components/poll-results.tsx';

function Ballot(props: { live: LiveDebate; poll: PollView }) {
  const { poll, live } = props;
  const cmd = useCommand();
  const choices = useSignal<number[]>(poll.myBallot ?? []);
  const labels = optionLabels(poll);
  // Scale values are 1..N on the wire; options are 0-based indices.
  const valueOf = (i: number) => (poll.kind === 'scale' ? i + 1 : i);
  const multiple = poll.kind === 'multiple';
  const max = poll.maxChoices ?? labels.length;
  const toggle = (v: number, checked: boolean) => {
    if (!multiple) choices.value = [v];
    else choices.value = checked ? [...choices.value, v].sort((a, b) => a - b) : choices.value.filter((c) => c !== v);
  };
  const submit = async (ev: Event) => {
    ev.preventDefault();
    await cmd.run(() => live.conn.vote(poll.id, choices.value));
  };
  const name = `poll-${poll.id}`;
  return (
    <form onSubmit={submit} class="ballot">
      <fieldset>
        <legend>{poll.question}</legend>
        {multiple ? <p class="muted">{t('vote.upTo', { count: max })}</p> : null}
        {labels.map((label, i) => {
          const v = valueOf(i);
          const checked = choices.value.includes(v);
          return (
            <div class="choice" key={i}>
              <input
                type={multiple ? 'checkbox' : 'radio'}
                id={`${name}-${i}`}
                name={name}
                checked={checked}
                disabled={multiple && !checked && choices.value.length >= max}
                onChange={(e) => toggle(v, e.currentTarget.checked)}
              />
              <label for={`${name}-${i}`}>{label}</label>
            </div>
          );
        })}
      </fieldset>
      <ErrorText error={cmd.error.value} />
      <button type="submit" class="button button--primary" disabled={cmd.busy.value || choices.value.length === 0}>
        {t(poll.myBallot ? 'vote.change' : 'vote.submit')}
      </button>
      {poll.myBallot ? (
        <p class="success" role="status">
          {t('vote.recorded', { choice: poll.myBallot.map((c) => labels[poll.kind === 'scale' ? c - 1 : c] ?? c).join(', ') })}
        </p>
      ) : null}
    </form>
  );
}

export function VotePanel(props: { live: LiveDebate; polls: PollView[]; canVote: boolean }) {
  const open = props.polls.filter((p) => p.status === 'open');
  const closed = props.polls.filter((p) => p.status === 'closed').reverse();
  return (
    <section class="card" aria-labelledby="votes-title">
      <h2 id="votes-title">{t('vote.title')}</h2>
      {open.length === 0 ? <p class="muted">{t('vote.none')}</p> : null}
      {open.map((poll) => (
        <article key={poll.id} class="poll">
          {props.canVote ? <Ballot live={props.live} poll={poll} /> : <h3>{poll.question}</h3>}
          {poll.results ? <PollResults poll={poll} /> : <p class="muted">{t(`poll.visibility.${poll.visibility}`)}</p>}
        </article>
      ))}
      {closed.length > 0 ? (
        <>
          <h3>{t('vote.closed')}</h3>
          {closed.map((poll) => (
            <article key={poll.id} class="poll poll--closed">
              <h4>{poll.question}</h4>
              <PollResults poll={poll} />
            </article>
          ))}
        </>
      ) : null}
    </section>
  );
}
