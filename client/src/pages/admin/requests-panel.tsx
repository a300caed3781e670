// The organizer's view of citizens' debate requests in /admin: the published requests
// with their confirmed support counts (most supported first); accept one (it becomes a
// draft debate, prefilled) or decline it with a public answer mailed to its supporters.
import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { requestsApi, type DebateRequestDto } from '../../lib/channels-api.ts';
import { errorMessage, t } from '../../lib/i18n.ts';
import { RequestItem } from '../requests/request-item.tsx';
import { AlertText } from '../../components/command.tsx';

function Answer(props: { token: string; request: DebateRequestDto; onDone: (r: DebateRequestDto, notice: string) => void }) {
  const open = useSignal(false);
  const answer = useSignal('');
  const error = useSignal<string | null>(null);
  const r = props.request;
  const accept = async () => {
    const ack = await requestsApi.accept(props.token, r.id);
    if (ack.ok) props.onDone(ack.data.request, t('admin.requests.accepted', { topic: r.topic }));
    else error.value = errorMessage(ack.error);
  };
  const decline = async (ev: Event) => {
    ev.preventDefault();
    const ack = await requestsApi.decline(props.token, r.id, answer.value);
    if (ack.ok) props.onDone(ack.data.request, t('admin.requests.declined', { topic: r.topic }));
    else error.value = errorMessage(ack.error);
  };
  const id = `decline-${r.id}`;
  return (
    <div class="stack">
      <p class="debate-item__actions">
        <button type="button" class="button button--primary" onClick={accept}>
          {t('admin.requests.accept')}
        </button>{' '}
        <button type="button" class="button" aria-expanded={open.value} aria-controls={id} onClick={() => (open.value = !open.value)}>
          {t('admin.requests.decline')}
        </button>
      </p>
      {open.value ? (
        <form class="form" id={id} onSubmit={decline}>
          <label for={`${id}-text`}>{t('admin.requests.answer')}</label>
          <textarea id={`${id}-text`} required minLength={5} maxLength={2000} rows={3} value={answer.value} onInput={(e) => (answer.value = e.currentTarget.value)} />
          <button type="submit" class="button button--primary">
            {t('admin.requests.sendAnswer')}
          </button>
        </form>
      ) : null}
      <AlertText text={error.value} />
    </div>
  );
}

export function RequestsPanel(props: { token: string; onAccepted: (notice: string) => void; onNotice: (notice: string) => void }) {
  const requests = useSignal<DebateRequestDto[] | null>(null);
  const error = useSignal<string | null>(null);
  useEffect(() => {
    requestsApi
      .list()
      .then((ack) => {
        if (ack.ok) requests.value = ack.data.requests;
        else error.value = errorMessage(ack.error);
      })
      .catch(() => undefined);
  }, [props.token]);
  const list = requests.value;
  return (
    <section class="card" aria-labelledby="admin-requests-title">
      <h2 id="admin-requests-title">
        {t('admin.requests.title')} {list ? <span class="count">({list.length})</span> : null}
      </h2>
      <AlertText text={error.value} />
      {list?.length === 0 ? <p class="muted">{t('admin.requests.empty')}</p> : null}
      {list && list.length > 0 ? (
        <ul class="debate-list">
          {list.map((r) => (
            <RequestItem key={r.id} request={r}>
              {r.status === 'open' ? (
                <Answer
                  token={props.token}
                  request={r}
                  onDone={(x, notice) => {
                    requests.value = list.map((y) => (y.id === x.id ? x : y));
                    if (x.status === 'accepted') props.onAccepted(notice);
                    else props.onNotice(notice);
                  }}
                />
              ) : null}
            </RequestItem>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
