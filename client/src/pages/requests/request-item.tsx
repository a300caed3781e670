// One debate request as the public and the organizer see it: topic, status, confirmed
// supports, format, who proposed it (if they chose to be named), why, and the answer.
import type { ComponentChildren } from 'preact';
import type { DebateRequestDto } from '../../lib/channels-api.ts';
import { formatDateTime, t } from '../../lib/i18n.ts';

export function RequestItem(props: { request: DebateRequestDto; children?: ComponentChildren }) {
  const r = props.request;
  return (
    <li class="debate-item" id={`request-${r.id}`}>
      <h3 class="debate-item__title">{r.topic}</h3>
      <p class="muted">
        <span class={`status status--${r.status}`}>{t(`requests.status.${r.status}`)}</span> · {t('requests.supports', { count: r.supportCount })} ·{' '}
        {t(`requests.format.${r.proposedFormat}`)}
        {r.publishedAt ? ` · ${formatDateTime(r.publishedAt)}` : ''}
        {r.proposerName ? ` · ${t('requests.by', { name: r.proposerName })}` : ''}
      </p>
      <p class="debate-item__desc">{r.why}</p>
      {r.answer ? (
        <div>
          <p>
            <strong>{t('requests.answer')}</strong>
          </p>
          <p class="debate-item__desc">{r.answer}</p>
        </div>
      ) : null}
      {props.children}
    </li>
  );
}

