// Paste a token (moderator console, room display) when the link did not carry one.
// The token is checked locally (shape, debate, expiry) before it is used.
import { useSignal } from '@preact/signals';
import { t } from '../lib/i18n.ts';
import { sessionFromToken, type StoredSession } from '../lib/session.ts';
import { ErrorText } from './command.tsx';

export function TokenForm(props: { debateId: string; label: string; onToken: (s: StoredSession) => void; role?: string }) {
  const value = useSignal('');
  const error = useSignal<{ code: string } | null>(null);
  const submit = (ev: Event) => {
    ev.preventDefault();
    const s = sessionFromToken(value.value, props.debateId);
    if (!s || (props.role && s.role !== props.role)) {
      error.value = { code: 'INVALID_TOKEN' };
      return;
    }
    props.onToken(s);
  };
  return (
    <form class="form" onSubmit={submit}>
      <label for="token-input">{props.label}</label>
      <input
        id="token-input"
        autoComplete="off"
        spellcheck={false}
        required
        value={value.value}
        onInput={(e) => (value.value = e.currentTarget.value)}
      />
      <ErrorText error={error.value} />
      <button type="submit" class="button button--primary">
        {t('token.use')}
      </button>
    </form>
  );
}
