// Results of a poll as horizontal bars with the count and percentage written out (the
// bars are decoration: the numbers are text, readable by everyone).
import { formatNumber, formatPercent, t } from '../lib/i18n.ts';
import type { PollView } from '../lib/view-types.ts';

type Labelled = Pick<PollView, 'kind' | 'options' | 'scaleMax'> & { results?: PollView['results'] };

/** Option labels, or the values 1..N of a scale (from scaleMax, else the result counts). */
export function optionLabels(poll: Labelled): string[] {
  if (poll.kind === 'scale') {
    const n = poll.scaleMax ?? poll.results?.counts.length ?? 0;
    return Array.from({ length: n }, (_, i) => String(i + 1));
  }
  return poll.options;
}

export function PollResults(props: { poll: Pick<PollView, 'kind' | 'options' | 'scaleMax' | 'results'>; large?: boolean }) {
  const { poll } = props;
  const results = poll.results;
  if (!results) return <p class="muted">{t('poll.resultsHidden')}</p>;
  const labels = optionLabels(poll);
  const max = Math.max(1, ...results.counts);
  // A multiple-choice ballot ticks several options: percentages are of ballots, not ticks.
  const total = results.totalBallots;
  return (
    <div class={props.large ? 'poll-results poll-results--large' : 'poll-results'}>
      <ul class="poll-results__list">
        {labels.map((label, i) => {
          const count = results.counts[i] ?? 0;
          return (
            <li key={i} class="poll-results__row">
              <span class="poll-results__label">{label}</span>
              <span class="poll-results__bar" aria-hidden="true">
                <span style={{ width: `${(count / max) * 100}%` }} />
              </span>
              <span class="poll-results__value">
                {t('poll.count', { count })} · {formatPercent(count, total)}
              </span>
            </li>
          );
        })}
      </ul>
      <p class="poll-results__total">
        {t('poll.total', { count: total })}
        {results.mean !== undefined ? ` · ${t('poll.mean', { mean: formatNumber(results.mean, 2) })}` : ''}
      </p>
    </div>
  );
}
