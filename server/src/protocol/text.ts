// The one schema of human text (titles, names, questions, descriptions, codes) in every
// socket payload and REST body. Text comes from the public and ends up in a database
// (PostgreSQL refuses NUL), in calendars, CSV files and other people's screens, so it is
// checked once here: well-formed UTF-16 (no lone surrogate), no control character but
// newline and tab where the text may span lines, then NFC-normalised and trimmed.
import { z } from 'zod';

export interface SafeTextOptions {
  min?: number;
  max: number;
  /** Newlines and tabs allowed (CRLF and CR become LF). Default: one line. */
  multiline?: boolean;
  /** Leading and trailing white space removed (default true). */
  trim?: boolean;
}

// Unicode category Cc (C0, DEL, C1) plus the line and paragraph separators.
const SINGLE_LINE_FORBIDDEN = /[\p{Cc}\u2028\u2029]/u;
const MULTI_LINE_FORBIDDEN = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/u;

// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** True when `s` holds no lone surrogate (is valid Unicode once encoded as UTF-8). */
export const isWellFormedText = (s: string): boolean => !LONE_SURROGATE.test(s);

/** Why `s` is refused as text, or null when it is acceptable (after normalisation). */
export function textProblem(s: string, multiline = false): string | null {
  if (!isWellFormedText(s)) return 'contains an unpaired surrogate (invalid Unicode)';
  if ((multiline ? MULTI_LINE_FORBIDDEN : SINGLE_LINE_FORBIDDEN).test(s)) {
    return multiline ? 'contains a control character (only newline and tab are allowed)' : 'contains a control character';
  }
  return null;
}

/** A text field: `safeText({ max: 200 })`, `safeText({ min: 1, max: 5000, multiline: true })`. */
export function safeText(opts: SafeTextOptions) {
  const multiline = opts.multiline ?? false;
  let s = z.string().refine(isWellFormedText, { message: 'contains an unpaired surrogate (invalid Unicode)', abort: true });
  if (multiline) s = s.overwrite((v) => v.replace(/\r\n?/g, '\n'));
  s = s
    .refine((v) => textProblem(v, multiline) === null, {
      message: multiline ? 'contains a control character (only newline and tab are allowed)' : 'contains a control character',
      abort: true,
    })
    .normalize('NFC');
  if (opts.trim ?? true) s = s.trim();
  if (opts.min !== undefined) s = s.min(opts.min);
  return s.max(opts.max);
}
