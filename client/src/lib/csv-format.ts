// The two CSV dialects of the archive exports. 'fr' opens as a table in a French
// spreadsheet (Excel, LibreOffice): semicolon separator, UTF-8 with a BOM, times in
// Europe/Paris as "02/12/2026 18:30:05", decimal comma, French headers and values. 'en' is
// the international, machine-friendly one: comma (RFC 4180), UTC ISO-8601 times, decimal
// point, snake_case headers and the protocol's codes. Both quote per RFC 4180 (CRLF,
// quotes doubled) and neutralise cells a spreadsheet would run as a formula, since the
// texts come from the public.

export type CsvFormat = 'fr' | 'en';
export const CSV_FORMATS: readonly CsvFormat[] = ['fr', 'en'];

/** A value to export: text, a number, a timestamp (ms since epoch) or a code to translate. */
export type Cell =
  | string
  | number
  | boolean
  | null
  | undefined
  | { at: number | null }
  | { seconds: number | null }
  | { code: string };

export interface Dialect {
  separator: string;
  /** Prepended to the file: tells spreadsheet software the bytes are UTF-8. */
  bom: string;
  time(ms: number): string;
  number(n: number): string;
  /** A protocol code in the dialect's words (French values; the code itself in 'en'). */
  code(code: string): string;
}

const PARIS = new Intl.DateTimeFormat('fr-FR', {
  timeZone: 'Europe/Paris',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** French words for the codes that appear in the exports (role, mode, status, reason, kind). */
const FR_CODES: Record<string, string> = {
  participant: 'Participant·e',
  speaker: 'Invité·e',
  moderator: 'Modération',
  display: 'Écran',
  group: 'Camp',
  oral: 'Oral',
  written: 'Écrit',
  ended: 'Terminé',
  expired: 'Temps écoulé',
  yielded: 'Rendu',
  debate_ended: 'Fin du débat',
  single: 'Choix unique',
  multiple: 'Choix multiple',
  scale: 'Échelle',
  proposed: 'Proposé',
  draft: 'Brouillon',
  open: 'Ouvert',
  closed: 'Clos',
  rejected: 'Refusé',
  live: 'En direct',
  after_close: 'Après clôture',
  hidden: 'Masqué',
  pending: 'En attente',
  approved: 'Acceptée',
  answered: 'Répondue',
  submitted: 'Reçue',
  read: 'Lue',
  dismissed: 'Écartée',
};

export const DIALECTS: Record<CsvFormat, Dialect> = {
  fr: {
    separator: ';',
    bom: '\uFEFF',
    time: (ms) => PARIS.format(new Date(ms)).replace(',', ''),
    number: (n) => String(n).replace('.', ','),
    code: (code) => FR_CODES[code] ?? code,
  },
  en: {
    separator: ',',
    bom: '\uFEFF',
    time: (ms) => new Date(ms).toISOString(),
    number: (n) => String(n),
    code: (code) => code,
  },
};

/**
 * Characters that make a spreadsheet read a cell as a formula (or a DDE command), also
 * after leading blanks, and their full-width forms.
 */
const FORMULA_START = /^[\s\u00a0]*[=+\-@\uff1d\uff0b\uff0d\uff20]|^[\t\r\n]/;

/** One cell of a row in the dialect: quoted when needed, formulas neutralised. */
export function csvCell(value: Cell, dialect: Dialect = DIALECTS.en): string {
  if (value === null || value === undefined) return '';
  let s: string;
  if (typeof value === 'number') s = dialect.number(value);
  else if (typeof value === 'boolean') s = String(value);
  else if (typeof value === 'string') s = FORMULA_START.test(value) ? `'${value}` : value;
  else if ('at' in value) s = value.at === null ? '' : dialect.time(value.at);
  else if ('seconds' in value) s = value.seconds === null ? '' : dialect.number(value.seconds);
  else s = dialect.code(value.code);
  const special = new RegExp(`["\\r\\n${dialect.separator}]`);
  return special.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A whole file, headers first, CRLF line ends; without the BOM (added on download). */
export function toCsv(headers: readonly string[], rows: readonly Cell[][], dialect: Dialect = DIALECTS.en): string {
  return [headers, ...rows].map((r) => r.map((c) => csvCell(c, dialect)).join(dialect.separator)).join('\r\n') + '\r\n';
}
