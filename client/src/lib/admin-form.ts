// The organizer's debate form (/admin) as plain data: its fields as typed (strings, as
// inputs give them), the body of POST/PATCH /api/debates built from them and checked with
// the shared schema, and each refusal tied to the field to fix with a sentence key. Pure,
// so it is unit-tested; the page only renders it.
import { CreateDebateBodySchema, type CreateDebateBody, type DebateDto } from '../../../server/src/protocol/rest.ts';
import type { DebateFormat, JoinPolicy, QueuePolicy, Template } from '../../../server/src/protocol/modalities.ts';
import { problemOf, sortProblems, type FormProblem } from './admin-problems.ts';

export type { FormField, FormProblem } from './admin-problems.ts';
export { problemOf, problemsFromServer } from './admin-problems.ts';

export interface GroupDraft {
  /** Stable key of the row (the group's id once saved). */
  key: string;
  /** Saved id, kept on edit so guests, quotas and the log keep pointing at it. */
  id: string | null;
  name: string;
  /** Minutes; empty = no quota. */
  quotaMinutes: string;
}

export interface GuestDraft {
  key: string;
  id: string | null;
  name: string;
  affiliation: string;
  /** The `key` of a group row, or ''. */
  group: string;
}

export interface DebateForm {
  title: string;
  description: string;
  location: string;
  format: DebateFormat;
  /** `<input type="datetime-local">` value, local time: `2026-12-03T18:30`. */
  scheduledStart: string;
  durationMinutes: string;
  oral: boolean;
  written: boolean;
  pollsEnabled: boolean;
  moderateQuestions: boolean;
  groups: GroupDraft[];
  guests: GuestDraft[];
  turnSeconds: string;
  /** Warning thresholds in seconds, comma or space separated: `60, 30, 10`. */
  warnings: string;
  expiry: 'hard' | 'soft';
  queuePolicy: QueuePolicy;
  joinPolicy: JoinPolicy;
  accessCode: string;
  template: Template;
  /** The organizer's notice on recording and personal data, and the link to the full policy. */
  privacyText: string;
  privacyUrl: string;
  /** Themes, comma-separated slugs (feeds, embed and subscriptions filter on them). */
  tags: string;
}

export type FormResult = { ok: true; body: CreateDebateBody } | { ok: false; problems: FormProblem[] };

const pad = (n: number) => String(n).padStart(2, '0');

/** A local date as a datetime-local value. */
export function toLocalInput(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** An ISO instant (any offset) as a datetime-local value in the browser's zone. */
export function isoToLocalInput(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : toLocalInput(d);
}

/** A datetime-local value as ISO 8601 with the browser's offset at that date (DST-aware). */
export function localInputToIso(value: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value);
  if (!m) return null;
  const [, y, mo, d, h, mi] = m as unknown as [string, string, string, string, string, string];
  const date = new Date(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi));
  if (Number.isNaN(date.getTime())) return null;
  const offset = -date.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  const abs = Math.abs(offset);
  return `${y}-${mo}-${d}T${h}:${mi}:00${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** `Pour l’avenir !` → `pour-l-avenir` (the id format of groups and guests). */
export function slugify(name: string): string {
  const s = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 32)
    .replace(/-+$/, '');
  return s || 'x';
}

/** Unique slugs for new rows, keeping the ids rows already have. */
function assignIds<T extends { id: string | null; name: string }>(rows: T[], prefix: string): string[] {
  const taken = new Set(rows.map((r) => r.id).filter((id): id is string => id !== null));
  return rows.map((r) => {
    if (r.id) return r.id;
    const base = slugify(r.name) === 'x' ? prefix : slugify(r.name);
    let id = base;
    for (let n = 2; taken.has(id); n += 1) id = `${base}-${n}`;
    taken.add(id);
    return id;
  });
}

let counter = 0;
/** A fresh row key (rows need keys before they have ids). */
export function newKey(): string {
  counter += 1;
  return `new-${counter}`;
}

/** The next full hour, a week from now: a sensible default start. */
export function emptyForm(now: Date = new Date()): DebateForm {
  const start = new Date(now.getTime() + 7 * 24 * 3600_000);
  start.setMinutes(0, 0, 0);
  start.setHours(start.getHours() + 1);
  return {
    title: '',
    description: '',
    location: '',
    format: 'hybrid',
    scheduledStart: toLocalInput(start),
    durationMinutes: '90',
    oral: true,
    written: true,
    pollsEnabled: true,
    moderateQuestions: true,
    groups: [],
    guests: [],
    turnSeconds: '180',
    warnings: '60, 30, 10',
    expiry: 'hard',
    queuePolicy: 'fifo',
    joinPolicy: 'open',
    accessCode: '',
    template: 'free',
    privacyText: '',
    privacyUrl: '',
    tags: '',
  };
}

/** The form of an existing debate (edit before it starts). */
export function formFromDebate(d: DebateDto): DebateForm {
  const m = d.modalities;
  return {
    title: d.title,
    description: d.description ?? '',
    location: d.location ?? '',
    format: m.format,
    scheduledStart: isoToLocalInput(m.scheduledStart),
    durationMinutes: String(m.plannedDurationMinutes),
    oral: m.interventionModes.includes('oral'),
    written: m.interventionModes.includes('written'),
    pollsEnabled: m.pollsEnabled,
    moderateQuestions: m.moderateQuestions,
    groups: m.groups.map((g) => ({
      key: g.id,
      id: g.id,
      name: g.name,
      quotaMinutes: g.quotaSeconds === null ? '' : String(Math.round((g.quotaSeconds / 60) * 100) / 100),
    })),
    guests: m.guests.map((g) => ({ key: g.id, id: g.id, name: g.name, affiliation: g.affiliation ?? '', group: g.group ?? '' })),
    turnSeconds: String(m.turn.defaultSeconds),
    warnings: m.turn.warningSeconds.join(', '),
    expiry: m.turn.expiry,
    queuePolicy: m.queuePolicy,
    joinPolicy: m.joinPolicy,
    accessCode: m.accessCode ?? '',
    template: m.template,
    privacyText: m.privacyText ?? '',
    privacyUrl: m.privacyUrl ?? '',
    tags: (m.tags ?? []).join(', '),
  };
}

/** An integer typed in a field, or NaN (so the schema refuses it and names the field). */
function int(value: string): number {
  const s = value.trim().replace(',', '.');
  return /^-?\d+(\.\d+)?$/.test(s) ? Number(s) : Number.NaN;
}

/** The REST body of the form, or what to fix. */
export function buildDebateBody(form: DebateForm): FormResult {
  const problems: FormProblem[] = [];
  const start = localInputToIso(form.scheduledStart);
  if (!start) problems.push({ field: 'start', key: 'admin.err.start' });
  const warningParts = form.warnings.split(/[\s,;]+/).filter(Boolean);
  const warnings = warningParts.map(int);
  if (warnings.some((w) => !Number.isInteger(w))) problems.push({ field: 'warnings', key: 'admin.err.warnings' });
  const groupIds = assignIds(form.groups, 'groupe');
  const guestIds = assignIds(form.guests, 'invite');
  const idOfGroup = new Map(form.groups.map((g, i) => [g.key, groupIds[i]!]));
  form.groups.forEach((g, i) => {
    if (g.quotaMinutes.trim() && !Number.isFinite(int(g.quotaMinutes))) problems.push({ field: `group-${i}-quota`, key: 'admin.err.quota' });
  });
  // The schema checks the template only once every field is valid: say it at once.
  if (form.template === 'oxford' && form.groups.length < 2) problems.push({ field: 'template', key: 'admin.err.template' });
  const modes = [...(form.oral ? (['oral'] as const) : []), ...(form.written ? (['written'] as const) : [])];
  const body = {
    title: form.title.trim(),
    description: form.description.trim() || null,
    location: form.location.trim() || null,
    modalities: {
      format: form.format,
      scheduledStart: start ?? '',
      plannedDurationMinutes: int(form.durationMinutes),
      interventionModes: modes,
      pollsEnabled: form.pollsEnabled,
      moderateQuestions: form.moderateQuestions,
      groups: form.groups.map((g, i) => ({
        id: groupIds[i]!,
        name: g.name.trim(),
        quotaSeconds: g.quotaMinutes.trim() ? Math.round(int(g.quotaMinutes) * 60) : null,
      })),
      guests: form.guests.map((g, i) => {
        const group = g.group ? idOfGroup.get(g.group) : undefined;
        return {
          id: guestIds[i]!,
          name: g.name.trim(),
          ...(g.affiliation.trim() ? { affiliation: g.affiliation.trim() } : {}),
          ...(group ? { group } : {}),
        };
      }),
      turn: { defaultSeconds: int(form.turnSeconds), warningSeconds: warnings, expiry: form.expiry },
      queuePolicy: form.queuePolicy,
      joinPolicy: form.joinPolicy,
      // The code only matters under the `code` policy; a leftover one is not sent.
      ...(form.joinPolicy === 'code' ? { accessCode: form.accessCode.trim() } : {}),
      template: form.template,
      ...(form.privacyText.trim() ? { privacyText: form.privacyText.trim() } : {}),
      ...(form.privacyUrl.trim() ? { privacyUrl: form.privacyUrl.trim() } : {}),
      tags: form.tags
        .split(',')
        .map((s) => s.trim().toLowerCase())
        .filter(Boolean),
    },
  };
  const parsed = CreateDebateBodySchema.safeParse(body);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const p = problemOf(issue.path.map(String));
      if (p && !problems.some((x) => x.field === p.field)) problems.push(p);
    }
    // A refusal we cannot tie to a field still blocks the submit, said in general terms.
    if (problems.length === 0) problems.push({ field: 'title', key: 'admin.err.generic' });
  }
  if (problems.length) return { ok: false, problems: sortProblems(problems) };
  return { ok: true, body: parsed.data! };
}
