// Creating (or editing, until it starts) a debate with its modalities: title and place,
// format, scheduled start and duration, intervention modes, polls, questions moderation,
// sides with quotas, guests, turn length, warnings, hard / soft expiry, queue and join
// policies, template. Checked with the shared schema before sending; what to fix is
// listed above the form and next to each field, in words.
import { useSignal } from '@preact/signals';
import { buildDebateBody, emptyForm, formFromDebate, problemsFromServer, type DebateForm, type FormProblem } from '../../lib/admin-form.ts';
import { adminApi } from '../../lib/admin-api.ts';
import { generateAccessCode, isShortAccessCode } from '../../lib/access-code.ts';
import { errorMessage, t } from '../../lib/i18n.ts';
import type { DebateDto } from '../../lib/view-types.ts';
import { ErrorSummary, Field } from './form-fields.tsx';
import { GroupRows, GuestRows } from './modality-rows.tsx';

export function DebateFormView(props: { token: string; editing: DebateDto | null; onSaved: (d: DebateDto, created: boolean) => void; onCancel?: () => void }) {
  const { editing } = props;
  const form = useSignal<DebateForm>(editing ? formFromDebate(editing) : emptyForm());
  const announce = useSignal(true);
  const problems = useSignal<FormProblem[]>([]);
  const serverError = useSignal<string | null>(null);
  const busy = useSignal(false);
  const f = form.value;
  const p = problems.value;
  const set = (patch: Partial<DebateForm>) => (form.value = { ...form.value, ...patch });

  const submit = async (ev: Event) => {
    ev.preventDefault();
    serverError.value = null;
    const built = buildDebateBody(form.value);
    if (!built.ok) {
      problems.value = built.problems;
      return;
    }
    problems.value = [];
    busy.value = true;
    try {
      const client = adminApi(props.token);
      const ack = editing ? await client.update(editing.id, built.body) : await client.create(built.body);
      if (!ack.ok) {
        problems.value = ack.error.code === 'VALIDATION_FAILED' ? problemsFromServer(ack.error.details) : [];
        serverError.value = errorMessage(ack.error);
        return;
      }
      let debate = ack.data.debate;
      if (!editing && announce.value) {
        const announced = await client.transition(debate.id, 'announce');
        if (announced.ok) debate = announced.data.debate;
        else serverError.value = errorMessage(announced.error);
      }
      if (!editing) form.value = emptyForm();
      props.onSaved(debate, !editing);
    } finally {
      busy.value = false;
    }
  };

  const titleId = editing ? 'edit-title' : 'new-title';
  return (
    <section class="card" aria-labelledby={titleId}>
      <h2 id={titleId}>{editing ? t('admin.form.editTitle', { title: editing.title }) : t('admin.form.newTitle')}</h2>
      <form class="form form--wide" onSubmit={submit} noValidate>
        <ErrorSummary problems={p} serverError={serverError.value} />
        <Field field="title" label={t('admin.form.title')} problems={p}>
          {(a) => <input {...a} required maxLength={200} value={f.title} onInput={(e) => set({ title: e.currentTarget.value })} />}
        </Field>
        <Field field="description" label={t('admin.form.description')} problems={p}>
          {(a) => <textarea {...a} rows={3} maxLength={5000} value={f.description} onInput={(e) => set({ description: e.currentTarget.value })} />}
        </Field>
        <Field field="location" label={t('admin.form.location')} hint={t('admin.form.locationHint')} problems={p}>
          {(a) => <input {...a} maxLength={300} value={f.location} onInput={(e) => set({ location: e.currentTarget.value })} />}
        </Field>

        <div class="form-grid">
          <div class="field">
            <label for="f-format">{t('admin.form.format')}</label>
            <select id="f-format" value={f.format} onChange={(e) => set({ format: e.currentTarget.value as DebateForm['format'] })}>
              {(['hybrid', 'in_room', 'online'] as const).map((x) => (
                <option key={x} value={x}>
                  {t(`admin.format.${x}`)}
                </option>
              ))}
            </select>
          </div>
          <Field field="start" label={t('admin.form.start')} problems={p}>
            {(a) => <input {...a} type="datetime-local" required value={f.scheduledStart} onInput={(e) => set({ scheduledStart: e.currentTarget.value })} />}
          </Field>
          <Field field="duration" label={t('admin.form.duration')} problems={p}>
            {(a) => <input {...a} type="number" min={5} max={1440} required value={f.durationMinutes} onInput={(e) => set({ durationMinutes: e.currentTarget.value })} />}
          </Field>
        </div>

        <fieldset class="choices" aria-describedby={p.some((x) => x.field === 'modes') ? 'f-modes-error' : undefined}>
          <legend>{t('admin.form.modes')}</legend>
          <div class="choice">
            <input id="f-modes" type="checkbox" checked={f.oral} onChange={(e) => set({ oral: e.currentTarget.checked })} />
            <label for="f-modes">{t('admin.form.modeOral')}</label>
          </div>
          <div class="choice">
            <input id="f-mode-written" type="checkbox" checked={f.written} onChange={(e) => set({ written: e.currentTarget.checked })} />
            <label for="f-mode-written">{t('admin.form.modeWritten')}</label>
          </div>
          {p.some((x) => x.field === 'modes') ? (
            <p class="field-error" id="f-modes-error">
              {t('admin.err.modes')}
            </p>
          ) : null}
        </fieldset>

        <fieldset class="choices">
          <legend>{t('admin.form.participation')}</legend>
          <div class="choice">
            <input id="f-polls" type="checkbox" checked={f.pollsEnabled} onChange={(e) => set({ pollsEnabled: e.currentTarget.checked })} />
            <label for="f-polls">{t('admin.form.polls')}</label>
          </div>
          <div class="choice">
            <input id="f-moderate-questions" type="checkbox" checked={f.moderateQuestions} onChange={(e) => set({ moderateQuestions: e.currentTarget.checked })} />
            <label for="f-moderate-questions">{t('admin.form.moderateQuestions')}</label>
          </div>
        </fieldset>

        <GroupRows form={form} problems={p} />
        <GuestRows form={form} problems={p} />

        <fieldset class="choices">
          <legend>{t('admin.form.turns')}</legend>
          <div class="form-grid">
            <Field field="turnSeconds" label={t('admin.form.turnSeconds')} problems={p}>
              {(a) => <input {...a} type="number" min={10} max={3600} required value={f.turnSeconds} onInput={(e) => set({ turnSeconds: e.currentTarget.value })} />}
            </Field>
            <Field field="warnings" label={t('admin.form.warnings')} hint={t('admin.form.warningsHint')} problems={p}>
              {(a) => <input {...a} value={f.warnings} onInput={(e) => set({ warnings: e.currentTarget.value })} />}
            </Field>
          </div>
          <fieldset class="choices choices--inline">
            <legend>{t('admin.form.expiry')}</legend>
            {(['hard', 'soft'] as const).map((x) => (
              <div class="choice" key={x}>
                <input id={`f-expiry-${x}`} type="radio" name="expiry" checked={f.expiry === x} onChange={() => set({ expiry: x })} />
                <label for={`f-expiry-${x}`}>{t(`admin.expiry.${x}`)}</label>
              </div>
            ))}
          </fieldset>
          <div class="field">
            <label for="f-queue">{t('admin.form.queuePolicy')}</label>
            <select id="f-queue" value={f.queuePolicy} onChange={(e) => set({ queuePolicy: e.currentTarget.value as DebateForm['queuePolicy'] })}>
              <option value="fifo">{t('admin.queue.fifo')}</option>
              <option value="least_spoken_first">{t('admin.queue.least_spoken_first')}</option>
            </select>
          </div>
        </fieldset>

        <div class="form-grid">
          <div class="field">
            <label for="f-join">{t('admin.form.joinPolicy')}</label>
            <select
              id="f-join"
              value={f.joinPolicy}
              aria-describedby={f.joinPolicy === 'open' ? 'f-join-open' : undefined}
              onChange={(e) => set({ joinPolicy: e.currentTarget.value as DebateForm['joinPolicy'] })}
            >
              {(['open', 'code', 'invite'] as const).map((x) => (
                <option key={x} value={x}>
                  {t(`admin.join.${x}`)}
                </option>
              ))}
            </select>
            {f.joinPolicy === 'open' ? (
              <p class="field-hint" id="f-join-open">
                {t('admin.form.openPolicyHint')}
              </p>
            ) : null}
          </div>
          {f.joinPolicy === 'code' ? (
            <Field field="accessCode" label={t('admin.form.accessCode')} hint={t('admin.form.accessCodeHint')} problems={p}>
              {(a) => (
                <>
                  <input {...a} required autoComplete="off" maxLength={64} value={f.accessCode} onInput={(e) => set({ accessCode: e.currentTarget.value })} />
                  <button type="button" class="button" onClick={() => set({ accessCode: generateAccessCode() })}>
                    {t('admin.form.accessCodeGenerate')}
                  </button>
                  {isShortAccessCode(f.accessCode) ? (
                    <p class="field-warning" role="status">
                      {t('admin.form.accessCodeShort')}
                    </p>
                  ) : null}
                </>
              )}
            </Field>
          ) : null}
          <Field field="template" label={t('admin.form.template')} hint={t('admin.form.templateHint')} problems={p}>
            {(a) => (
              <select {...a} value={f.template} onChange={(e) => set({ template: e.currentTarget.value as DebateForm['template'] })}>
                <option value="free">{t('admin.template.free')}</option>
                <option value="oxford">{t('admin.template.oxford')}</option>
              </select>
            )}
          </Field>
        </div>

        <fieldset class="choices">
          <legend>{t('admin.form.privacy')}</legend>
          <Field field="privacyText" label={t('admin.form.privacyText')} hint={t('admin.form.privacyTextHint')} problems={p}>
            {(a) => <textarea {...a} rows={3} maxLength={2000} value={f.privacyText} onInput={(e) => set({ privacyText: e.currentTarget.value })} />}
          </Field>
          <Field field="privacyUrl" label={t('admin.form.privacyUrl')} problems={p}>
            {(a) => <input {...a} type="url" maxLength={500} placeholder="https://" value={f.privacyUrl} onInput={(e) => set({ privacyUrl: e.currentTarget.value })} />}
          </Field>
        </fieldset>

        <Field field="tags" label={t('admin.form.tags')} hint={t('admin.form.tagsHint')} problems={p}>
          {(a) => <input {...a} maxLength={420} value={f.tags} onInput={(e) => set({ tags: e.currentTarget.value })} />}
        </Field>

        {!editing ? (
          <div class="choice">
            <input id="f-announce" type="checkbox" checked={announce.value} onChange={(e) => (announce.value = e.currentTarget.checked)} />
            <label for="f-announce">{t('admin.form.announceNow')}</label>
          </div>
        ) : null}
        <div class="button-row">
          <button type="submit" class="button button--primary" disabled={busy.value}>
            {editing ? t('admin.form.save') : t('admin.form.create')}
          </button>
          {props.onCancel ? (
            <button type="button" class="button" onClick={props.onCancel}>
              {t('common.cancel')}
            </button>
          ) : null}
        </div>
      </form>
    </section>
  );
}
