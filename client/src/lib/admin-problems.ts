// Where a refusal of the organizer's debate form points: the field to fix (also the
// suffix of its input's id) and the sentence saying how, from a path of the shared
// schema (the client's own check) or of the server's VALIDATION_FAILED details.
import type { MessageKey } from './i18n.ts';

/** Fields a problem can point at (also the suffix of the input's id). */
export type FormField =
  | 'title'
  | 'description'
  | 'location'
  | 'start'
  | 'duration'
  | 'modes'
  | 'groups'
  | 'guests'
  | 'turnSeconds'
  | 'warnings'
  | 'accessCode'
  | 'template'
  | 'privacyText'
  | 'privacyUrl'
  | 'tags'
  | `group-${number}-name`
  | `group-${number}-quota`
  | `guest-${number}-name`
  | `guest-${number}-affiliation`;

export interface FormProblem {
  field: FormField;
  key: MessageKey;
}

const ORDER: string[] = ['title', 'description', 'location', 'start', 'duration', 'modes', 'groups', 'group', 'guests', 'guest', 'turnSeconds', 'warnings', 'accessCode', 'template', 'privacyText', 'privacyUrl', 'tags'];

export function sortProblems(problems: FormProblem[]): FormProblem[] {
  const rank = (f: string) => ORDER.indexOf(f.split('-')[0]!);
  return [...problems].sort((a, b) => rank(a.field) - rank(b.field));
}

/** The field and sentence of a schema issue at `path`. */
export function problemOf(path: string[]): FormProblem | null {
  const [top, key, index, sub] = path;
  if (top === 'title') return { field: 'title', key: 'admin.err.title' };
  if (top === 'description') return { field: 'description', key: 'admin.err.description' };
  if (top === 'location') return { field: 'location', key: 'admin.err.location' };
  if (top !== 'modalities') return null;
  switch (key) {
    case 'scheduledStart':
      return { field: 'start', key: 'admin.err.start' };
    case 'plannedDurationMinutes':
      return { field: 'duration', key: 'admin.err.duration' };
    case 'interventionModes':
      return { field: 'modes', key: 'admin.err.modes' };
    case 'groups':
      if (index === undefined) return { field: 'groups', key: 'admin.err.groups' };
      return sub === 'quotaSeconds'
        ? { field: `group-${Number(index)}-quota`, key: 'admin.err.quota' }
        : { field: `group-${Number(index)}-name`, key: 'admin.err.groupName' };
    case 'guests':
      if (index === undefined) return { field: 'guests', key: 'admin.err.guests' };
      return sub === 'affiliation'
        ? { field: `guest-${Number(index)}-affiliation`, key: 'admin.err.affiliation' }
        : { field: `guest-${Number(index)}-name`, key: 'admin.err.guestName' };
    case 'turn':
      return index === 'warningSeconds' ? { field: 'warnings', key: 'admin.err.warnings' } : { field: 'turnSeconds', key: 'admin.err.turnSeconds' };
    case 'accessCode':
      return { field: 'accessCode', key: 'admin.err.accessCode' };
    case 'template':
      return { field: 'template', key: 'admin.err.template' };
    case 'privacyText':
      return { field: 'privacyText', key: 'admin.err.privacyText' };
    case 'privacyUrl':
      return { field: 'privacyUrl', key: 'admin.err.privacyUrl' };
    case 'tags':
      return { field: 'tags', key: 'admin.err.tags' };
    default:
      return null;
  }
}

/** The server's VALIDATION_FAILED details (`{ path: '/modalities/turn/defaultSeconds' }`) as problems. */
export function problemsFromServer(details: unknown): FormProblem[] {
  if (!Array.isArray(details)) return [];
  const out: FormProblem[] = [];
  for (const d of details as { path?: unknown }[]) {
    const p = problemOf(String(d?.path ?? '').split(/[./]/).filter(Boolean));
    if (p && !out.some((x) => x.field === p.field)) out.push(p);
  }
  return sortProblems(out);
}
