// The poll-creation form's fields turned into a `poll:create` payload: options one per
// line, blanks dropped, fields that do not apply to the kind left out (the shared schema
// refuses them), optional numbers omitted when empty.
import type { CommandPayload } from './commands.ts';

export type Kind = 'single' | 'multiple' | 'scale';
export type Visibility = 'live' | 'after_close' | 'hidden';

export function buildPollPayload(f: {
  question: string;
  kind: Kind;
  options: string;
  maxChoices: string;
  scaleMax: string;
  visibility: Visibility;
  anonymous: boolean;
  autoClose: string;
  openNow: boolean;
}): CommandPayload<'poll:create'> {
  const base = { question: f.question.trim(), kind: f.kind, visibility: f.visibility, anonymous: f.anonymous, openNow: f.openNow };
  const auto = Number.parseInt(f.autoClose, 10);
  const autoClose = Number.isFinite(auto) && auto > 0 ? { autoCloseSeconds: auto } : {};
  if (f.kind === 'scale') return { ...base, ...autoClose, scaleMax: f.scaleMax === '10' ? 10 : 5 };
  const options = f.options.split('\n').map((o) => o.trim()).filter(Boolean);
  const max = Number.parseInt(f.maxChoices, 10);
  const maxChoices = f.kind === 'multiple' && Number.isFinite(max) && max > 0 ? { maxChoices: max } : {};
  return { ...base, ...autoClose, options, ...maxChoices };
}
