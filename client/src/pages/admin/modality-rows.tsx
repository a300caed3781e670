// The repeatable rows of the debate form: sides / groups (name and speaking-time quota)
// and invited guests (name, affiliation, side). Each row is a labelled fieldset with a
// remove button naming what it removes; adding a row moves the focus to its first field.
import type { Signal } from '@preact/signals';
import { t } from '../../lib/i18n.ts';
import { newKey, type DebateForm, type FormProblem } from '../../lib/admin-form.ts';
import { FieldError, a11yOf, fieldId } from './form-fields.tsx';

type Rows = Pick<DebateForm, 'groups' | 'guests'>;

function focusSoon(id: string): void {
  // The row is rendered on the next frame.
  requestAnimationFrame(() => document.getElementById(id)?.focus());
}

export function GroupRows(props: { form: Signal<DebateForm>; problems: readonly FormProblem[] }) {
  const { form, problems } = props;
  const groups = form.value.groups;
  const set = (groups: DebateForm['groups']) => (form.value = { ...form.value, groups });
  const remove = (key: string) => {
    // Guests of a removed side keep their place but lose the side.
    form.value = {
      ...form.value,
      groups: groups.filter((g) => g.key !== key),
      guests: form.value.guests.map((g) => (g.group === key ? { ...g, group: '' } : g)),
    };
  };
  return (
    <fieldset class="rows">
      <legend>{t('admin.form.groups')}</legend>
      <p class="field-hint">{t('admin.form.groupsHint')}</p>
      <FieldError field="groups" problems={problems} />
      {groups.map((g, i) => (
        <fieldset key={g.key} class="row">
          <legend class="visually-hidden">{t('admin.form.groupN', { n: i + 1 })}</legend>
          <div class="field">
            <label for={fieldId(`group-${i}-name`)}>{t('admin.form.groupName', { n: i + 1 })}</label>
            <input
              {...a11yOf(`group-${i}-name`, problems)}
              maxLength={80}
              value={g.name}
              onInput={(e) => set(groups.map((x) => (x.key === g.key ? { ...x, name: e.currentTarget.value } : x)))}
            />
            <FieldError field={`group-${i}-name`} problems={problems} />
          </div>
          <div class="field">
            <label for={fieldId(`group-${i}-quota`)}>{t('admin.form.groupQuota')}</label>
            <input
              {...a11yOf(`group-${i}-quota`, problems)}
              inputMode="numeric"
              value={g.quotaMinutes}
              onInput={(e) => set(groups.map((x) => (x.key === g.key ? { ...x, quotaMinutes: e.currentTarget.value } : x)))}
            />
            <FieldError field={`group-${i}-quota`} problems={problems} />
          </div>
          <button type="button" class="button button--small button--danger" onClick={() => remove(g.key)}>
            {t('admin.form.removeGroup', { name: g.name.trim() || t('admin.form.groupN', { n: i + 1 }) })}
          </button>
        </fieldset>
      ))}
      <button
        type="button"
        class="button button--small"
        disabled={groups.length >= 20}
        onClick={() => {
          set([...groups, { key: newKey(), id: null, name: '', quotaMinutes: '' }]);
          focusSoon(fieldId(`group-${groups.length}-name`));
        }}
      >
        {t('admin.form.addGroup')}
      </button>
    </fieldset>
  );
}

export function GuestRows(props: { form: Signal<DebateForm>; problems: readonly FormProblem[] }) {
  const { form, problems } = props;
  const { guests, groups } = form.value as Rows;
  const set = (guests: DebateForm['guests']) => (form.value = { ...form.value, guests });
  const update = (key: string, patch: Partial<DebateForm['guests'][number]>) => set(guests.map((g) => (g.key === key ? { ...g, ...patch } : g)));
  return (
    <fieldset class="rows">
      <legend>{t('admin.form.guests')}</legend>
      <p class="field-hint">{t('admin.form.guestsHint')}</p>
      <FieldError field="guests" problems={problems} />
      {guests.map((g, i) => (
        <fieldset key={g.key} class="row">
          <legend class="visually-hidden">{t('admin.form.guestN', { n: i + 1 })}</legend>
          <div class="field">
            <label for={fieldId(`guest-${i}-name`)}>{t('admin.form.guestName', { n: i + 1 })}</label>
            <input {...a11yOf(`guest-${i}-name`, problems)} maxLength={120} value={g.name} onInput={(e) => update(g.key, { name: e.currentTarget.value })} />
            <FieldError field={`guest-${i}-name`} problems={problems} />
          </div>
          <div class="field">
            <label for={fieldId(`guest-${i}-affiliation`)}>{t('admin.form.guestAffiliation')}</label>
            <input
              {...a11yOf(`guest-${i}-affiliation`, problems)}
              maxLength={160}
              value={g.affiliation}
              onInput={(e) => update(g.key, { affiliation: e.currentTarget.value })}
            />
            <FieldError field={`guest-${i}-affiliation`} problems={problems} />
          </div>
          {groups.length ? (
            <div class="field">
              <label for={`f-guest-${i}-group`}>{t('admin.form.guestGroup')}</label>
              <select id={`f-guest-${i}-group`} value={g.group} onChange={(e) => update(g.key, { group: e.currentTarget.value })}>
                <option value="">{t('admin.form.noGroup')}</option>
                {groups.map((x, j) => (
                  <option key={x.key} value={x.key}>
                    {x.name.trim() || t('admin.form.groupN', { n: j + 1 })}
                  </option>
                ))}
              </select>
            </div>
          ) : null}
          <button type="button" class="button button--small button--danger" onClick={() => set(guests.filter((x) => x.key !== g.key))}>
            {t('admin.form.removeGuest', { name: g.name.trim() || t('admin.form.guestN', { n: i + 1 }) })}
          </button>
        </fieldset>
      ))}
      <button
        type="button"
        class="button button--small"
        disabled={guests.length >= 50}
        onClick={() => {
          set([...guests, { key: newKey(), id: null, name: '', affiliation: '', group: '' }]);
          focusSoon(fieldId(`guest-${guests.length}-name`));
        }}
      >
        {t('admin.form.addGuest')}
      </button>
    </fieldset>
  );
}
