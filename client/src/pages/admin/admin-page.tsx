// The organizer page /admin: paste the instance's admin token (checked against the API,
// then kept in sessionStorage for this tab), create a debate with its modalities, list
// every debate (drafts included) with its lifecycle actions and the links that open the
// moderator console, the room display and guest invitations.
import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { adminApi, clearAdminToken, loadAdminToken, saveAdminToken } from '../../lib/admin-api.ts';
import { errorMessage, t } from '../../lib/i18n.ts';
import type { DebateDto, ErrorBody } from '../../lib/view-types.ts';
import { AppShell } from '../../components/app-shell.tsx';
import { DebateCard } from './debate-card.tsx';
import { DebateFormView } from './debate-form.tsx';
import { RequestsPanel } from './requests-panel.tsx';
import { WebhooksPanel } from './webhooks-panel.tsx';
import { AlertText } from '../../components/command.tsx';

/** Refusals that mean "this is not the admin token" rather than a passing failure. */
const BAD_TOKEN = new Set(['UNAUTHENTICATED', 'INVALID_TOKEN', 'TOKEN_EXPIRED', 'FORBIDDEN']);

function adminError(error: Pick<ErrorBody, 'code'>): string {
  return BAD_TOKEN.has(error.code) ? t('admin.err.badToken') : errorMessage(error);
}

function SignIn(props: { onToken: (token: string) => void; notice: string | null }) {
  const value = useSignal('');
  const error = useSignal<string | null>(props.notice);
  const busy = useSignal(false);
  const submit = async (ev: Event) => {
    ev.preventDefault();
    const token = value.value.trim();
    if (!token) {
      error.value = t('admin.err.noToken');
      return;
    }
    busy.value = true;
    const ack = await adminApi(token).list();
    busy.value = false;
    if (!ack.ok) {
      error.value = adminError(ack.error);
      return;
    }
    saveAdminToken(token);
    props.onToken(token);
  };
  return (
    <section class="card" aria-labelledby="signin-title">
      <h1 id="signin-title">{t('admin.signIn.title')}</h1>
      <p>{t('admin.signIn.text')}</p>
      <form class="form" onSubmit={submit}>
        <label for="admin-token">{t('admin.signIn.label')}</label>
        <input
          id="admin-token"
          type="password"
          autoComplete="off"
          spellcheck={false}
          required
          aria-invalid={error.value ? 'true' : undefined}
          aria-describedby={error.value ? 'admin-token-error' : undefined}
          value={value.value}
          onInput={(e) => (value.value = e.currentTarget.value)}
        />
        {error.value ? (
          <p class="error-text" role="alert" id="admin-token-error">
            {error.value}
          </p>
        ) : null}
        <button type="submit" class="button button--primary" disabled={busy.value}>
          {t('admin.signIn.submit')}
        </button>
      </form>
    </section>
  );
}

function Dashboard(props: { token: string; onSignOut: (notice?: string) => void }) {
  const debates = useSignal<DebateDto[] | null>(null);
  const loadError = useSignal<string | null>(null);
  const editing = useSignal<DebateDto | null>(null);
  const notice = useSignal<string | null>(null);
  const reload = async (signal?: AbortSignal) => {
    const ack = await adminApi(props.token).list(signal);
    if (ack.ok) {
      debates.value = ack.data.debates;
      loadError.value = null;
    } else if (BAD_TOKEN.has(ack.error.code)) {
      clearAdminToken();
      props.onSignOut(t('admin.err.badToken'));
    } else loadError.value = errorMessage(ack.error);
  };
  useEffect(() => {
    const controller = new AbortController();
    // api() only throws when the request was aborted (the page went away): nothing to show.
    reload(controller.signal).catch(() => undefined);
    return () => controller.abort();
  }, [props.token]);
  const replace = (d: DebateDto) => {
    debates.value = (debates.value ?? []).some((x) => x.id === d.id) ? debates.value!.map((x) => (x.id === d.id ? d : x)) : [...(debates.value ?? []), d];
  };
  const list = debates.value;
  return (
    <div class="stack">
      <div class="admin-head">
        <h1>{t('admin.heading')}</h1>
        <button
          type="button"
          class="button button--small"
          onClick={() => {
            clearAdminToken();
            props.onSignOut();
          }}
        >
          {t('admin.signOut')}
        </button>
      </div>
      {/* Always in the page, so that screen readers hear what is put in it. */}
      <p class="success" role="status">
        {notice.value ?? ''}
      </p>
      <div class="admin-grid">
        <DebateFormView
          key={editing.value?.id ?? 'new'}
          token={props.token}
          editing={editing.value}
          onCancel={editing.value ? () => (editing.value = null) : undefined}
          onSaved={(d, created) => {
            replace(d);
            editing.value = null;
            notice.value = t(created ? 'admin.notice.created' : 'admin.notice.saved', { title: d.title });
          }}
        />
        <section class="card" aria-labelledby="debates-title">
          <h2 id="debates-title">
            {t('admin.list.title')} {list ? <span class="count">({list.length})</span> : null}
          </h2>
          <AlertText text={loadError.value} />
          {list === null && !loadError.value ? <p role="status">{t('common.loading')}</p> : null}
          {list && list.length === 0 ? <p class="muted">{t('admin.list.empty')}</p> : null}
          {list && list.length > 0 ? (
            <ul class="admin-debates">
              {[...list].reverse().map((d) => (
                <DebateCard
                  key={d.id}
                  token={props.token}
                  debate={d}
                  onChanged={(x) => {
                    replace(x);
                    notice.value = t('admin.notice.status', { title: x.title, status: t(`status.${x.status}`) });
                  }}
                  onDuplicated={(x) => {
                    replace(x);
                    notice.value = t('admin.notice.duplicated', { title: x.title });
                  }}
                  onEdit={(x) => {
                    editing.value = x;
                    requestAnimationFrame(() => document.getElementById('f-title')?.focus());
                  }}
                />
              ))}
            </ul>
          ) : null}
        </section>
      </div>
      <RequestsPanel
        token={props.token}
        onNotice={(n) => (notice.value = n)}
        onAccepted={(n) => {
          notice.value = n;
          void reload();
        }}
      />
      <WebhooksPanel token={props.token} onNotice={(n) => (notice.value = n)} />
    </div>
  );
}

export function AdminPage() {
  const token = useSignal<string | null>(loadAdminToken());
  const notice = useSignal<string | null>(null);
  return (
    <AppShell title={t('admin.title')} wide>
      {token.value ? (
        <Dashboard
          key={token.value}
          token={token.value}
          onSignOut={(n) => {
            notice.value = n ?? null;
            token.value = null;
          }}
        />
      ) : (
        <SignIn notice={notice.value} onToken={(tk) => (token.value = tk)} />
      )}
    </AppShell>
  );
}
