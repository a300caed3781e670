// Language of the pages: French first, English available. The two message catalogs live
// side by side in ./messages/ (fr is the reference: en must have the same keys, checked
// by the compiler). The choice is persisted in localStorage. Server error codes are
// mapped here to plain sentences: a page never shows a raw code.
import { signal } from '@preact/signals';
import { fr, type MessageKey } from './messages/fr.ts';
import { en } from './messages/en.ts';
import type { ErrorBody } from './view-types.ts';

export type Lang = 'fr' | 'en';
export const LANGS: readonly Lang[] = ['fr', 'en'];
export type { MessageKey };

const CATALOGS: Record<Lang, Record<MessageKey, string>> = { fr, en };
const STORAGE_KEY = 'tribune.lang';

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    // Storage can be disabled (privacy settings): the choice then lasts for the page only.
    return null;
  }
}

function initialLang(): Lang {
  const saved = storage()?.getItem(STORAGE_KEY);
  return saved === 'en' || saved === 'fr' ? saved : 'fr';
}

/** The current language; components reading it re-render when it changes. */
export const lang = signal<Lang>(initialLang());

export function setLang(next: Lang): void {
  lang.value = next;
  storage()?.setItem(STORAGE_KEY, next);
  if (typeof document !== 'undefined') document.documentElement.lang = next;
}

export type Params = Record<string, string | number>;

/** French counts 0 and 1 as singular; English only 1. */
function isSingular(n: number, l: Lang): boolean {
  return l === 'fr' ? Math.abs(n) < 2 : n === 1;
}

/**
 * A message in the current language. `{name}` is replaced by `params.name`;
 * `{name|singular|plural}` picks a form by the number `params.name`.
 */
export function t(key: MessageKey, params?: Params, l: Lang = lang.value): string {
  const template = CATALOGS[l][key] ?? CATALOGS.fr[key] ?? key;
  if (!params) return template;
  return template
    .replace(/\{(\w+)\|([^|}]*)\|([^}]*)\}/g, (m, name: string, one: string, other: string) =>
      name in params ? (isSingular(Number(params[name]), l) ? one : other) : m,
    )
    .replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}

/** Error codes that have their own sentence (server codes plus the client's own). */
const ERROR_KEYS: Record<string, MessageKey> = {
  VALIDATION_FAILED: 'err.VALIDATION_FAILED',
  PAYLOAD_TOO_LARGE: 'err.PAYLOAD_TOO_LARGE',
  UNKNOWN_EVENT: 'err.UNKNOWN_EVENT',
  UNAUTHENTICATED: 'err.UNAUTHENTICATED',
  INVALID_TOKEN: 'err.INVALID_TOKEN',
  TOKEN_EXPIRED: 'err.TOKEN_EXPIRED',
  FORBIDDEN: 'err.FORBIDDEN',
  WRONG_DEBATE: 'err.WRONG_DEBATE',
  INVALID_ACCESS_CODE: 'err.INVALID_ACCESS_CODE',
  INVALID_INVITATION: 'err.INVALID_INVITATION',
  REJOIN_REFUSED: 'err.REJOIN_REFUSED',
  EVERYONE_AWAY: 'err.EVERYONE_AWAY',
  TOKEN_REVOKED: 'err.TOKEN_REVOKED',
  RATE_LIMITED: 'err.RATE_LIMITED',
  RANGE_NOT_SATISFIABLE: 'err.RANGE_NOT_SATISFIABLE',
  IDEMPOTENCY_KEY_REUSED: 'err.IDEMPOTENCY_KEY_REUSED',
  BALLOT_SUPERSEDED: 'err.BALLOT_SUPERSEDED',
  UNSUPPORTED_MEDIA_TYPE: 'err.UNSUPPORTED_MEDIA_TYPE',
  NOT_FOUND: 'err.NOT_FOUND',
  DEBATE_NOT_FOUND: 'err.DEBATE_NOT_FOUND',
  PARTICIPANT_NOT_FOUND: 'err.PARTICIPANT_NOT_FOUND',
  POLL_NOT_FOUND: 'err.POLL_NOT_FOUND',
  QUESTION_NOT_FOUND: 'err.QUESTION_NOT_FOUND',
  CONTRIBUTION_NOT_FOUND: 'err.CONTRIBUTION_NOT_FOUND',
  ILLEGAL_TRANSITION: 'err.ILLEGAL_TRANSITION',
  DEBATE_NOT_LIVE: 'err.DEBATE_NOT_LIVE',
  DEBATE_LOCKED: 'err.DEBATE_LOCKED',
  MODE_NOT_ALLOWED: 'err.MODE_NOT_ALLOWED',
  ALREADY_IN_QUEUE: 'err.ALREADY_IN_QUEUE',
  NOT_IN_QUEUE: 'err.NOT_IN_QUEUE',
  QUEUE_EMPTY: 'err.QUEUE_EMPTY',
  FLOOR_BUSY: 'err.FLOOR_BUSY',
  NO_FLOOR: 'err.NO_FLOOR',
  FLOOR_NOT_PAUSED: 'err.FLOOR_NOT_PAUSED',
  FLOOR_PAUSED: 'err.FLOOR_PAUSED',
  QUOTA_EXHAUSTED: 'err.QUOTA_EXHAUSTED',
  UNKNOWN_GROUP: 'err.UNKNOWN_GROUP',
  POLLS_DISABLED: 'err.POLLS_DISABLED',
  POLL_NOT_OPEN: 'err.POLL_NOT_OPEN',
  POLL_CLOSED: 'err.POLL_CLOSED',
  POLL_STATE: 'err.POLL_STATE',
  INVALID_CHOICE: 'err.INVALID_CHOICE',
  ALREADY_VOTED: 'err.ALREADY_VOTED',
  QUESTION_STATE: 'err.QUESTION_STATE',
  CONTRIBUTION_STATE: 'err.CONTRIBUTION_STATE',
  CONFLICT: 'err.CONFLICT',
  MEDIA_NOT_ALLOWED: 'err.MEDIA_NOT_ALLOWED',
  TRANSPORT_NOT_FOUND: 'err.MEDIA',
  PRODUCER_NOT_FOUND: 'err.MEDIA',
  CONSUMER_NOT_FOUND: 'err.MEDIA',
  TOO_MANY_TRANSPORTS: 'err.MEDIA',
  TOO_MANY_CONSUMERS: 'err.MEDIA',
  INVALID_RTP_PARAMETERS: 'err.MEDIA',
  INVALID_DTLS_PARAMETERS: 'err.MEDIA',
  CANNOT_CONSUME: 'err.MEDIA',
  MEDIA_ROOM_CLOSED: 'err.MEDIA_ROOM_CLOSED',
  NOT_OWNER: 'err.UNAVAILABLE',
  UNAVAILABLE: 'err.UNAVAILABLE',
  EMAIL_OFF: 'err.EMAIL_OFF',
  INTERNAL: 'err.INTERNAL',
  TIMEOUT: 'err.TIMEOUT',
  OFFLINE: 'err.OFFLINE',
};

/** Every code with a sentence of its own (tests check the server's catalog is covered). */
export const TRANSLATED_ERROR_CODES: readonly string[] = Object.keys(ERROR_KEYS);

/** A plain sentence for an error from the server (or the client's own checks). */
export function errorMessage(error: Pick<ErrorBody, 'code'> & { details?: unknown }, l: Lang = lang.value): string {
  const key = Object.hasOwn(ERROR_KEYS, error.code) ? ERROR_KEYS[error.code] : undefined;
  if (!key) return t('err.generic', undefined, l);
  const base = t(key, undefined, l);
  if (error.code !== 'VALIDATION_FAILED' || !Array.isArray(error.details)) return base;
  // Name the fields that were refused (in words), never the validator's wording.
  const labels = error.details
    .map((d: { path?: unknown }) => String(d?.path ?? '').split('.')[0] ?? '')
    .map((field) => (Object.hasOwn(FIELD_KEYS, field) ? t(FIELD_KEYS[field]!, undefined, l) : null))
    .filter((x): x is string => x !== null);
  const fields = [...new Set(labels)];
  return fields.length ? `${base} ${t('err.fields', { fields: fields.join(', ') }, l)}` : base;
}

/** Payload fields a person can fix, named in validation errors. */
const FIELD_KEYS: Record<string, MessageKey> = {
  displayName: 'field.displayName',
  accessCode: 'field.accessCode',
  invitation: 'field.invitation',
  text: 'field.text',
  question: 'field.question',
  options: 'field.options',
  maxChoices: 'field.maxChoices',
  scaleMax: 'field.scaleMax',
  autoCloseSeconds: 'field.autoCloseSeconds',
  seconds: 'field.seconds',
  choices: 'field.choices',
};

/**
 * Locale-aware formatting helpers bound to the current language. French writes the
 * first day of a month as an ordinal, "1er décembre" (Intl gives "1 décembre").
 */
export function formatDateTime(ms: number | string, l: Lang = lang.value): string {
  const parts = new Intl.DateTimeFormat(l === 'fr' ? 'fr-FR' : 'en-GB', { dateStyle: 'long', timeStyle: 'short' }).formatToParts(
    new Date(ms),
  );
  return parts.map((p) => (l === 'fr' && p.type === 'day' && p.value === '1' ? '1er' : p.value)).join('');
}

/** A decimal number in the language's notation ("5,00" in French, "5.00" in English). */
export function formatNumber(n: number, fractionDigits: number, l: Lang = lang.value): string {
  return new Intl.NumberFormat(l === 'fr' ? 'fr-FR' : 'en-GB', {
    minimumFractionDigits: fractionDigits,
    maximumFractionDigits: fractionDigits,
  }).format(n);
}

export function formatTime(ms: number, l: Lang = lang.value): string {
  return new Intl.DateTimeFormat(l === 'fr' ? 'fr-FR' : 'en-GB', { timeStyle: 'medium' }).format(new Date(ms));
}

export function formatPercent(part: number, total: number, l: Lang = lang.value): string {
  const ratio = total > 0 ? part / total : 0;
  return new Intl.NumberFormat(l === 'fr' ? 'fr-FR' : 'en-GB', { style: 'percent', maximumFractionDigits: 0 }).format(
    ratio,
  );
}
