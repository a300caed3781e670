// The public subscribe form (home page: every debate; a debate's page and its "S'inscrire
// au débat" button: that debate). Double opt-in: the answer only says a confirmation
// mail left. When the server has no SMTP, it says subscriptions are closed instead.
import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { api } from '../lib/api.ts';
import { errorMessage, lang, t } from '../lib/i18n.ts';
import { isMailAddress } from '../../../server/src/protocol/notify.ts';
import { AlertText } from './command.tsx';

type Scope = { kind: 'all' } | { kind: 'debate'; debateId: string };

let emailEnabled: Promise<boolean> | null = null;
function loadEnabled(): Promise<boolean> {
  emailEnabled ??= api<{ emailEnabled: boolean }>('GET', '/api/public/notify').then((a) => a.ok && a.data.emailEnabled);
  return emailEnabled;
}

export function SubscribeForm(props: { scope: Scope; id: string; heading?: boolean }) {
  const enabled = useSignal<boolean | null>(null);
  const email = useSignal('');
  const mailLang = useSignal<'fr' | 'en'>(lang.value);
  const busy = useSignal(false);
  const error = useSignal<string | null>(null);
  const sentTo = useSignal<string | null>(null);
  useEffect(() => {
    void loadEnabled().then((v) => (enabled.value = v));
  }, []);
  const kind = props.scope.kind;
  const submit = async (ev: Event) => {
    ev.preventDefault();
    const address = email.value.trim();
    if (!isMailAddress(address)) {
      error.value = t('notify.invalidEmail');
      return;
    }
    busy.value = true;
    error.value = null;
    const ack = await api('POST', '/api/notify/subscriptions', { body: { email: address, lang: mailLang.value, scope: props.scope } });
    busy.value = false;
    if (ack.ok) sentTo.value = address;
    else error.value = errorMessage(ack.error);
  };
  if (enabled.value === null) return null;
  return (
    <section class="card subscribe" aria-labelledby={`${props.id}-title`}>
      <h2 id={`${props.id}-title`} class={props.heading === false ? 'visually-hidden' : undefined}>
        {t('notify.heading')}
      </h2>
      {!enabled.value ? (
        <p class="muted">{t('notify.off')}</p>
      ) : sentTo.value ? (
        <p role="status">{t('notify.sent', { email: sentTo.value })}</p>
      ) : (
        <>
          <p>{t(kind === 'all' ? 'notify.intro.all' : 'notify.intro.debate')}</p>
          <form class="form" onSubmit={submit} noValidate>
            <label for={`${props.id}-email`}>{t('notify.email')}</label>
            <input id={`${props.id}-email`} type="email" autoComplete="email" required maxLength={254} value={email.value} onInput={(e) => (email.value = e.currentTarget.value)} />
            <label for={`${props.id}-lang`}>{t('notify.lang')}</label>
            <select id={`${props.id}-lang`} value={mailLang.value} onChange={(e) => (mailLang.value = e.currentTarget.value as 'fr' | 'en')}>
              <option value="fr">{t('notify.lang.fr')}</option>
              <option value="en">{t('notify.lang.en')}</option>
            </select>
            <AlertText text={error.value} />
            <p class="muted small-text">{t('notify.privacy')}</p>
            <button type="submit" class="button button--primary" disabled={busy.value}>
              {t(kind === 'all' ? 'notify.submit.all' : 'notify.submit.debate')}
            </button>
          </form>
        </>
      )}
    </section>
  );
}
