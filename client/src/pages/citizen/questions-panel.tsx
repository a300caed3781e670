// Questions for a citizen: ask one (pending moderation when the debate moderates them),
// see the public questions sorted by upvotes, upvote others' approved questions.
import { useSignal } from '@preact/signals';
import { t } from '../../lib/i18n.ts';
import type { LiveDebate } from '../../lib/live.ts';
import type { DebateView, QuestionView } from '../../lib/view-types.ts';
import { sortByVotes } from '../../lib/questions.ts';
import { ErrorText, useCommand } from '../../components/command.tsx';

function QuestionItem(props: { live: LiveDebate; q: QuestionView; me: string }) {
  const { q } = props;
  const cmd = useCommand();
  const mine = q.authorId === props.me;
  const canUpvote = q.status === 'approved' && !mine && !q.votedByMe;
  return (
    <li class={`question question--${q.status}`}>
      <p class="question__text">{q.text}</p>
      <p class="question__meta">
        {t('questions.by', { name: q.authorName })} · {t('questions.upvotes', { count: q.upvotes })}
        {q.status === 'pending' ? ` · ${t('questions.pending')}` : ''}
        {q.status === 'answered' ? ` · ${t('questions.answered')}` : ''}
      </p>
      {q.status === 'approved' && !mine ? (
        <button
          type="button"
          class="button button--small"
          aria-pressed={q.votedByMe}
          disabled={!canUpvote || cmd.busy.value}
          onClick={() => cmd.run(() => props.live.conn.send('question:upvote', { questionId: q.id }))}
        >
          {q.votedByMe ? t('questions.upvoted') : t('questions.upvote')}
          <span class="visually-hidden">{t('common.colon')}{q.text}</span>
        </button>
      ) : null}
      <ErrorText error={cmd.error.value} />
    </li>
  );
}

export function QuestionsPanel(props: { live: LiveDebate; view: DebateView; me: string }) {
  const text = useSignal('');
  const cmd = useCommand();
  const open = props.view.debate.status === 'scheduled' || props.view.debate.status === 'live';
  const questions = sortByVotes(props.view.questions.questions.filter((q) => q.status !== 'hidden'));
  const submit = async (ev: Event) => {
    ev.preventDefault();
    const ack = await cmd.run(() => props.live.conn.send('question:ask', { text: text.value }));
    if (ack.ok) text.value = '';
  };
  return (
    <section class="card" aria-labelledby="questions-title">
      <h2 id="questions-title">{t('questions.title')}</h2>
      {open ? (
        <form class="form" onSubmit={submit}>
          <label for="question-text">{t('questions.ask')}</label>
          <textarea
            id="question-text"
            rows={3}
            maxLength={1000}
            required
            value={text.value}
            onInput={(e) => (text.value = e.currentTarget.value)}
            aria-describedby="question-hint"
          />
          <p id="question-hint" class="muted">
            {t(props.view.debate.modalities.moderateQuestions ? 'questions.hintModerated' : 'questions.hintOpen')}
          </p>
          <ErrorText error={cmd.error.value} />
          <button type="submit" class="button button--primary" disabled={cmd.busy.value || !text.value.trim()}>
            {t('questions.submit')}
          </button>
        </form>
      ) : null}
      {questions.length === 0 ? (
        <p class="muted">{t('questions.none')}</p>
      ) : (
        <ul class="question-list">
          {questions.map((q) => (
            <QuestionItem key={q.id} live={props.live} q={q} me={props.me} />
          ))}
        </ul>
      )}
    </section>
  );
}
