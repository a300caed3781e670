// Speaking-time charts of the archive: horizontal bars per speaker and per group, the
// numbers written beside each bar (the bars themselves are decoration).
import { formatDuration } from '../../lib/clock.ts';
import { t } from '../../lib/i18n.ts';
import type { DebateReport } from '../../lib/view-types.ts';

interface Bar {
  key: string;
  label: string;
  ms: number;
  note?: string;
}

function Bars(props: { caption: string; bars: Bar[] }) {
  const max = Math.max(1, ...props.bars.map((b) => b.ms));
  return (
    <figure class="chart">
      <figcaption>{props.caption}</figcaption>
      <ul class="chart__list">
        {props.bars.map((b) => (
          <li key={b.key} class="chart__row">
            <span class="chart__label">{b.label}</span>
            <span class="chart__bar" aria-hidden="true">
              <span style={{ width: `${(b.ms / max) * 100}%` }} />
            </span>
            <span class="chart__value">
              {formatDuration(b.ms, false)}
              {b.note ? ` · ${b.note}` : ''}
            </span>
          </li>
        ))}
      </ul>
    </figure>
  );
}

export function SpeakingCharts(props: { report: DebateReport }) {
  const { perSpeaker, perGroup } = props.report.speakingTime;
  const groupNames = new Map(props.report.debate.modalities.groups.map((g) => [g.id, g.name]));
  return (
    <div class="charts">
      {perGroup.length > 0 ? (
        <Bars
          caption={t('report.byGroup')}
          bars={perGroup.map((g) => ({
            key: g.groupId,
            label: g.name,
            ms: g.spokenMs,
            ...(g.quotaMs !== null ? { note: t('report.quota', { quota: formatDuration(g.quotaMs) }) } : {}),
          }))}
        />
      ) : null}
      <Bars
        caption={t('report.bySpeaker')}
        bars={perSpeaker.map((s) => ({
          key: s.participantId,
          label: s.group ? `${s.name} (${groupNames.get(s.group) ?? s.group})` : s.name,
          ms: s.spokenMs,
          note: t('report.turns', { count: s.turns }),
        }))}
      />
    </div>
  );
}
