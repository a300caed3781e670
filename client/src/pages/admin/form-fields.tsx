// Form controls of the organizer page: a labelled input / select / textarea whose error
// (from admin-form.ts) is tied to it by aria-describedby and aria-invalid, and the error
// summary shown above the form after a refused submit (links jump to each field).
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { t, type MessageKey } from '../../lib/i18n.ts';
import type { FormField, FormProblem } from '../../lib/admin-form.ts';

export const fieldId = (field: FormField) => `f-${field}`;

export function problemFor(problems: readonly FormProblem[], field: FormField): FormProblem | undefined {
  return problems.find((p) => p.field === field);
}

function describedBy(...ids: (string | null | false | undefined)[]): string | undefined {
  const list = ids.filter((x): x is string => Boolean(x));
  return list.length ? list.join(' ') : undefined;
}

export function FieldError(props: { field: FormField; problems: readonly FormProblem[] }) {
  const p = problemFor(props.problems, props.field);
  return p ? (
    <p class="field-error" id={`${fieldId(props.field)}-error`}>
      {t(p.key)}
    </p>
  ) : null;
}

/** Attributes tying a control to its hint and its error. */
export function a11yOf(field: FormField, problems: readonly FormProblem[], hint?: boolean) {
  const invalid = Boolean(problemFor(problems, field));
  return {
    id: fieldId(field),
    'aria-invalid': invalid ? ('true' as const) : undefined,
    'aria-describedby': describedBy(hint && `${fieldId(field)}-hint`, invalid && `${fieldId(field)}-error`),
  };
}

export function Field(props: {
  field: FormField;
  label: string;
  hint?: string;
  problems: readonly FormProblem[];
  children: (attrs: ReturnType<typeof a11yOf>) => ComponentChildren;
}) {
  return (
    <div class="field">
      <label for={fieldId(props.field)}>{props.label}</label>
      {props.hint ? (
        <p class="field-hint" id={`${fieldId(props.field)}-hint`}>
          {props.hint}
        </p>
      ) : null}
      {props.children(a11yOf(props.field, props.problems, Boolean(props.hint)))}
      <FieldError field={props.field} problems={props.problems} />
    </div>
  );
}

/** What to fix, focused when it appears so keyboard and screen-reader users land on it. */
export function ErrorSummary(props: { problems: readonly FormProblem[]; serverError?: string | null; titleKey?: MessageKey }) {
  const ref = useRef<HTMLDivElement>(null);
  const shown = props.problems.length > 0 || Boolean(props.serverError);
  useEffect(() => {
    if (shown) ref.current?.focus();
  }, [props.problems, props.serverError]);
  if (!shown) return null;
  return (
    <div class="error-summary" role="alert" tabIndex={-1} ref={ref} aria-labelledby="error-summary-title">
      <h3 id="error-summary-title">{t(props.titleKey ?? 'admin.form.fix')}</h3>
      {props.serverError ? <p>{props.serverError}</p> : null}
      {props.problems.length ? (
        <ul>
          {props.problems.map((p) => (
            <li key={p.field}>
              <a
                href={`#${fieldId(p.field)}`}
                onClick={(e) => {
                  e.preventDefault();
                  document.getElementById(fieldId(p.field))?.focus();
                }}
              >
                {t(p.key)}
              </a>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
