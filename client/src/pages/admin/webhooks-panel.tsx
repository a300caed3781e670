// The organizer's webhooks in /admin: register a URL and its events (the signing secret
// is shown once, right after), send a test, read each webhook's delivery log, delete.
import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { WEBHOOK_EVENTS, webhooksApi, type WebhookDeliveryDto, type WebhookDto } from '../../lib/channels-api.ts';
import { errorMessage, formatDateTime, t } from '../../lib/i18n.ts';
import { AlertText } from '../../components/command.tsx';

type EventName = (typeof WEBHOOK_EVENTS)[number];

function DeliveryLog(props: { token: string; hook: WebhookDto; version: number }) {
  const rows = useSignal<WebhookDeliveryDto[] | null>(null);
  useEffect(() => {
    webhooksApi
      .deliveries(props.token, props.hook.id)
      .then((ack) => {
        if (ack.ok) rows.value = ack.data.deliveries;
      })
      .catch(() => undefined);
  }, [props.hook.id, props.version]);
  if (!rows.value) return null;
  if (rows.value.length === 0) return <p class="muted">{t('admin.webhooks.logEmpty')}</p>;
  return (
    <ul class="webhook-log">
      {rows.value.slice(0, 20).map((d) => (
        <li key={d.id}>
          {formatDateTime(d.createdAt)} ·{' '}
          {t('admin.webhooks.delivery', { event: t(`admin.webhooks.event.${d.event}`), status: t(`admin.webhooks.status.${d.status}`), attempts: d.attempts })}
          {d.lastError ? ` · ${d.lastError}` : ''}
        </li>
      ))}
    </ul>
  );
}

function HookItem(props: { token: string; hook: WebhookDto; onRemoved: () => void; onNotice: (s: string) => void }) {
  const version = useSignal(0);
  const error = useSignal<string | null>(null);
  const h = props.hook;
  const test = async () => {
    const ack = await webhooksApi.test(props.token, h.id);
    if (!ack.ok) error.value = errorMessage(ack.error);
    else {
      props.onNotice(t('admin.webhooks.testSent'));
      version.value++;
    }
  };
  const remove = async () => {
    const ack = await webhooksApi.remove(props.token, h.id);
    if (ack.ok) props.onRemoved();
    else error.value = errorMessage(ack.error);
  };
  return (
    <li class="debate-item">
      <h3 class="debate-item__title">{h.description ?? h.url}</h3>
      <p class="muted">
        <code>{h.url}</code> · {h.events.map((e) => t(`admin.webhooks.event.${e}`)).join(', ')}
      </p>
      <p class="debate-item__actions">
        <button type="button" class="button" onClick={test}>
          {t('admin.webhooks.test')}
        </button>{' '}
        <button type="button" class="button" onClick={() => version.value++}>
          {t('admin.webhooks.log')}
        </button>{' '}
        <button type="button" class="button button--danger" onClick={remove}>
          {t('admin.webhooks.remove')}
        </button>
      </p>
      <AlertText text={error.value} />
      <DeliveryLog token={props.token} hook={h} version={version.value} />
    </li>
  );
}

export function WebhooksPanel(props: { token: string; onNotice: (s: string) => void }) {
  const hooks = useSignal<WebhookDto[] | null>(null);
  const url = useSignal('');
  const description = useSignal('');
  const events = useSignal<EventName[]>(['debate.announced', 'debate.changed', 'debate.cancelled']);
  const secret = useSignal<string | null>(null);
  const error = useSignal<string | null>(null);
  const load = () =>
    webhooksApi
      .list(props.token)
      .then((ack) => {
        if (ack.ok) hooks.value = ack.data.webhooks;
        else error.value = errorMessage(ack.error);
      })
      .catch(() => undefined);
  useEffect(() => void load(), [props.token]);
  const add = async (ev: Event) => {
    ev.preventDefault();
    const ack = await webhooksApi.create(props.token, { url: url.value.trim(), events: events.value, ...(description.value.trim() ? { description: description.value } : {}) });
    if (!ack.ok) {
      error.value = errorMessage(ack.error);
      return;
    }
    error.value = null;
    secret.value = ack.data.secret;
    url.value = '';
    description.value = '';
    void load();
  };
  const toggle = (e: EventName, on: boolean) => {
    events.value = on ? [...events.value, e] : events.value.filter((x) => x !== e);
  };
  return (
    <section class="card" aria-labelledby="webhooks-title">
      <h2 id="webhooks-title">{t('admin.webhooks.title')}</h2>
      <p class="muted">{t('admin.webhooks.intro')}</p>
      <form class="form" onSubmit={add}>
        <label for="wh-url">{t('admin.webhooks.url')}</label>
        <input id="wh-url" type="url" required maxLength={2000} value={url.value} onInput={(e) => (url.value = e.currentTarget.value)} />
        <label for="wh-desc">{t('admin.webhooks.description')}</label>
        <input id="wh-desc" maxLength={200} value={description.value} onInput={(e) => (description.value = e.currentTarget.value)} />
        <fieldset>
          <legend>{t('admin.webhooks.events')}</legend>
          {WEBHOOK_EVENTS.map((e) => (
            <div class="choice" key={e}>
              <input type="checkbox" id={`wh-ev-${e}`} checked={events.value.includes(e)} onChange={(ev) => toggle(e, ev.currentTarget.checked)} />
              <label for={`wh-ev-${e}`}>{t(`admin.webhooks.event.${e}`)}</label>
            </div>
          ))}
        </fieldset>
        <AlertText text={error.value} />
        <button type="submit" class="button button--primary">
          {t('admin.webhooks.add')}
        </button>
      </form>
      {secret.value ? (
        <p class="success" role="status">
          {t('admin.webhooks.secret')} <code>{secret.value}</code>
        </p>
      ) : null}
      {hooks.value?.length === 0 ? <p class="muted">{t('admin.webhooks.empty')}</p> : null}
      {hooks.value && hooks.value.length > 0 ? (
        <ul class="debate-list">
          {hooks.value.map((h) => (
            <HookItem key={h.id} token={props.token} hook={h} onNotice={props.onNotice} onRemoved={() => void load()} />
          ))}
        </ul>
      ) : null}
    </section>
  );
}
