// Encoders for the formats that user text reaches outside JSON: iCalendar TEXT values
// (RFC 5545 § 3.3.11) and HTTP header parameters (a download's file name, RFC 6266 /
// RFC 8187). Text is validated on the way in (protocol/text.ts), but a format is only
// safe when every value is encoded for it: rows written before the validation, or a
// format whose special characters are ordinary text (`;` `,` `"`), still need it.

// Control characters (C0 but tab and newline, DEL, C1) have no place in any output.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;

/**
 * An iCalendar TEXT value: backslash, semicolon and comma escaped, every line break
 * (CRLF, CR, LF, U+2028/9) as the two characters `\n`, other control characters dropped.
 * The result never contains CR or LF, so it cannot start a property or a component.
 */
export function icsText(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|[\r\n\u2028\u2029]/g, '\\n')
    .replace(/\t/g, ' ')
    .replace(CONTROL, '');
}

/**
 * A Content-Disposition header value for `filename`: an ASCII fallback (quotes,
 * backslashes, controls and non-ASCII replaced by `_`) and the exact name UTF-8
 * percent-encoded in `filename*`.
 */
export function contentDisposition(type: 'inline' | 'attachment', filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7E]|["\\]/g, '_');
  const encoded = encodeURIComponent(filename.replace(CONTROL, '').replace(/[\r\n\t]/g, '')).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${type}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
