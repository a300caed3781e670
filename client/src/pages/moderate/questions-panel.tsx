// Question moderation: pending questions to approve or hide, public questions sorted
// by upvotes to mark answered, hide, or show on the room display (one at a time), hidden
// ones to bring back.
import { useSignal } from '@preact/signals';
import { t } from '../../lib/i18n.ts';
import type { LiveDebate } from '../../lib/live.ts';
import type { DebateView, QuestionView } from '../../lib/view-types.ts';
import { ErrorText, useCommand } from '../../components/command.tsx';
import { sortByVotes } from '../../lib/questions.ts';

type Filter = 'pending' | 'approved' | 'answered' | 'hidden';
const FILTERS: Filter[] = ['pending', 'approved', 'answered', 'hidden'];

function Row(props: { live: LiveDebate; q: QuestionView; onScreen: boolean; isLive: boolean }) {
  const { q, live } = props;
  const isPublic = q.status === 'approved' || q.status === 'answered';
  const cmd = useCommand();
  const ref = { questionId: q.id };
  const label = (key: 'mod.questions.approve' | 'mod.questions.hide' | 'mod.questions.answer') => t(key);
  return (
    <li class={`question question--${q.status}${props.onScreen ? ' question--on-screen' : ''}`}>
      <p class="question__text">{q.text}{props.onScreen ? <span class="tag tag--warning">{t('screen.showing')}</span> : null}</p>
      <p class="question__meta">
        {t('questions.by', { name: q.authorName })} · {t('questions.upvotes', { count: q.upvotes })}
      </p>
      <div class="button-row button-row--compact">
        {q.status === 'pending' || q.status === 'hidden' ? (
          <button type="button" class="button button--small button--primary" disabled={cmd.busy.value}
            onClick={() => cmd.run(() => live.conn.send('question:approve', ref))}>
            {label('mod.questions.approve')}
          </button>
        ) : null}
        {q.status === 'approved' ? (
          <button type="button" class="button button--small button--primary" disabled={cmd.busy.value}
            onClick={() => cmd.run(() => live.conn.send('question:answer', ref))}>
            {label('mod.questions.answer')}
          </button>
        ) : null}
        {isPublic && props.isLive ? (
          props.onScreen ? (
            <button type="button" class="button button--small" disabled={cmd.busy.value}
              onClick={() => cmd.run(() => live.conn.send('screen:show-question', { questionId: null }))}>
              {t('screen.hide')}
            </button>
          ) : (
            <button type="button" class="button button--small" disabled={cmd.busy.value} aria-label={t('screen.questionFor', { text: q.text })}
              onClick={() => cmd.run(() => live.conn.send('screen:show-question', { questionId: q.id }))}>
              {t('screen.question')}
            </button>
          )
        ) : null}
        {q.status !== 'hidden' ? (
          <button type="button" class="button button--small button--danger" disabled={cmd.busy.value}
            onClick={() => cmd.run(() => live.conn.send('question:hide', ref))}>
            {label('mod.questions.hide')}
          </button>
        ) : null}
      </div>
      <ErrorText error={cmd.error.value} />
    </li>
  );
}

export function ModQuestionsPanel(props: { live: LiveDebate; view: DebateView }) {
  const filter = useSignal<Filter>('pending');
  const all = props.view.questions.questions;
  const counts = Object.fromEntries(FILTERS.map((f) => [f, all.filter((q) => q.status === f).length])) as Record<Filter, number>;
  const shown = sortByVotes(all.filter((q) => q.status === filter.value));
  return (
    <section class="card" aria-labelledby="modq-title">
      <h2 id="modq-title">{t('questions.title')}</h2>
      <div class="segmented" role="group" aria-label={t('mod.questions.filter')}>
        {FILTERS.map((f) => (
          <button key={f} type="button" aria-pressed={filter.value === f} onClick={() => (filter.value = f)}>
            {t(`mod.questions.filter.${f}`)} ({counts[f]})
          </button>
        ))}
      </div>
      {shown.length === 0 ? (
        <p class="muted">{t('questions.none')}</p>
      ) : (
        <ul class="question-list">
          {shown.map((q) => (
            <Row key={q.id} live={props.live} q={q} onScreen={props.view.screen.questionId === q.id} isLive={props.view.debate.status === 'live'} />
          ))}
        </ul>
      )}
    </section>
  );
}
