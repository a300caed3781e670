// The public page /requests: citizens ask for a debate (topic, why, proposed format, an
// address to confirm), support the published requests (one per address, confirmed by
// mail), and read the organizers' answers. A mailed link lands here with `#confirm=…`:
// the page asks for one click before confirming, so a mail scanner opening links
// confirms nothing.
import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { AppShell } from '../../components/app-shell.tsx';
import { confirmTokenOf, requestsApi, type DebateRequestDto } from '../../lib/channels-api.ts';
import { errorMessage, lang, t } from '../../lib/i18n.ts';
import { RequestItem } from './request-item.tsx';
import { AlertText } from '../../components/command.tsx';

const FORMATS = ['in_room', 'hybrid', 'online'] as const;

function ConfirmBox(props: { token: string; onDone: () => void }) {
  const result = useSignal<string | null>(null);
  const error = useSignal<string | null>(null);
  const confirm = async () => {
    const ack = await requestsApi.confirm(props.token);
    if (!ack.ok) {
      error.value = errorMessage(ack.error);
      return;
    }
    const { request, proposer } = ack.data;
    result.value = t(proposer ? 'requests.confirm.doneProposal' : 'requests.confirm.doneSupport', { topic: request.topic });
    history.replaceState(null, '', location.pathname);
    props.onDone();
  };
  return (
    <section class="card" aria-labelledby="confirm-title">
      <h2 id="confirm-title">{t('requests.confirm.title')}</h2>
      {result.value ? (
        <p class="success" role="status">
          {result.value}
        </p>
      ) : (
        <>
          <p>{t('requests.confirm.text')}</p>
          <button type="button" class="button button--primary" onClick={confirm}>
            {t('requests.confirm.button')}
          </button>
        </>
      )}
      <AlertText text={error.value} />
    </section>
  );
}

function ProposeForm() {
  const topic = useSignal('');
  const why = useSignal('');
  const format = useSignal<(typeof FORMATS)[number]>('hybrid');
  const name = useSignal('');
  const email = useSignal('');
  const done = useSignal(false);
  const error = useSignal<string | null>(null);
  const submit = async (ev: Event) => {
    ev.preventDefault();
    const ack = await requestsApi.propose({
      topic: topic.value,
      why: why.value,
      proposedFormat: format.value,
      ...(name.value.trim() ? { proposerName: name.value } : {}),
      email: email.value,
      lang: lang.value,
    });
    if (!ack.ok) {
      error.value = errorMessage(ack.error);
      return;
    }
    error.value = null;
    done.value = true;
  };
  return (
    <section class="card" aria-labelledby="propose-title">
      <h2 id="propose-title">{t('requests.propose.title')}</h2>
      {done.value ? (
        <p class="success" role="status">
          {t('requests.proposed')}
        </p>
      ) : (
        <form class="form" onSubmit={submit}>
          <label for="rq-topic">{t('requests.topic')}</label>
          <input id="rq-topic" required minLength={5} maxLength={200} value={topic.value} onInput={(e) => (topic.value = e.currentTarget.value)} />
          <label for="rq-why">{t('requests.why')}</label>
          <textarea id="rq-why" required minLength={10} maxLength={3000} rows={5} value={why.value} onInput={(e) => (why.value = e.currentTarget.value)} />
          <label for="rq-format">{t('requests.format')}</label>
          <select id="rq-format" value={format.value} onChange={(e) => (format.value = e.currentTarget.value as (typeof FORMATS)[number])}>
            {FORMATS.map((f) => (
              <option key={f} value={f}>
                {t(`requests.format.${f}`)}
              </option>
            ))}
          </select>
          <label for="rq-name">{t('requests.name')}</label>
          <input id="rq-name" maxLength={80} value={name.value} onInput={(e) => (name.value = e.currentTarget.value)} />
          <label for="rq-email">{t('requests.email')}</label>
          <input id="rq-email" type="email" required maxLength={254} autoComplete="email" aria-describedby="rq-email-help" value={email.value} onInput={(e) => (email.value = e.currentTarget.value)} />
          <p class="muted" id="rq-email-help">
            {t('requests.emailHelp')}
          </p>
          <AlertText text={error.value} />
          <button type="submit" class="button button--primary">
            {t('requests.submit')}
          </button>
        </form>
      )}
    </section>
  );
}

function SupportForm(props: { request: DebateRequestDto }) {
  const email = useSignal('');
  const done = useSignal(false);
  const error = useSignal<string | null>(null);
  const id = `support-${props.request.id}`;
  const submit = async (ev: Event) => {
    ev.preventDefault();
    const ack = await requestsApi.support(props.request.id, { email: email.value, lang: lang.value });
    if (!ack.ok) error.value = errorMessage(ack.error);
    else done.value = true;
  };
  if (done.value) {
    return (
      <p class="success" role="status">
        {t('requests.supported')}
      </p>
    );
  }
  return (
    <form class="form" onSubmit={submit}>
      <label for={id}>{t('requests.supportEmail', { topic: props.request.topic })}</label>
      <input id={id} type="email" required maxLength={254} autoComplete="email" value={email.value} onInput={(e) => (email.value = e.currentTarget.value)} />
      <AlertText text={error.value} />
      <button type="submit" class="button">
        {t('requests.support')}
      </button>
    </form>
  );
}

export function RequestsPage() {
  const requests = useSignal<DebateRequestDto[] | null>(null);
  const error = useSignal<string | null>(null);
  const token = useSignal(typeof location === 'undefined' ? null : confirmTokenOf(location.hash));
  const load = async () => {
    const ack = await requestsApi.list();
    if (ack.ok) requests.value = ack.data.requests;
    else error.value = errorMessage(ack.error);
  };
  useEffect(() => void load(), []);
  // A mailed link opened while this page is already shown changes only the fragment.
  useEffect(() => {
    const onHash = () => (token.value = confirmTokenOf(location.hash));
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);
  return (
    <AppShell title={t('pageTitle.requests')}>
      <h1>{t('requests.heading')}</h1>
      <p class="lead">{t('requests.intro')}</p>
      {token.value ? <ConfirmBox key={token.value} token={token.value} onDone={() => void load()} /> : null}
      <ProposeForm />
      <section class="card" aria-labelledby="requests-title" aria-live="polite">
        <h2 id="requests-title">{t('requests.list.title')}</h2>
        <AlertText text={error.value} />
        {requests.value === null && !error.value ? <p>{t('common.loading')}</p> : null}
        {requests.value?.length === 0 ? <p class="muted">{t('requests.list.empty')}</p> : null}
        {requests.value && requests.value.length > 0 ? (
          <ul class="debate-list">
            {requests.value.map((r) => (
              <RequestItem key={r.id} request={r}>
                {r.status === 'open' ? <SupportForm request={r} /> : null}
              </RequestItem>
            ))}
          </ul>
        ) : null}
      </section>
    </AppShell>
  );
}
