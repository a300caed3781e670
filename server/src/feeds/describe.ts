// How the server words a debate for people outside Tribune (the Atom feeds, the /embed
// block): when, where or online, how long, in French (default) or English. Pure, so the
// feed and the embed say the same thing and the tests pin it down.
import type { Debate } from '../db/debates-repo.ts';

export type FeedLang = 'fr' | 'en';

const NBSP = '\u00a0';

const FORMAT: Record<FeedLang, Record<Debate['modalities']['format'], string>> = {
  fr: { in_room: 'en salle', hybrid: 'en salle et en ligne', online: 'en ligne' },
  en: { in_room: 'in the room', hybrid: 'in the room and online', online: 'online' },
};

const STATUS: Record<FeedLang, Partial<Record<Debate['status'], string>>> = {
  fr: { live: 'En direct', cancelled: 'Annulé', scheduled: 'À venir', archived: 'Archive publiée' },
  en: { live: 'Live now', cancelled: 'Cancelled', scheduled: 'Upcoming', archived: 'Archive published' },
};

export function statusLabel(d: Debate, lang: FeedLang): string {
  return STATUS[lang][d.status] ?? d.status;
}

/** "mardi 3 décembre 2026 à 18:30" / "Tuesday, December 3, 2026 at 6:30 PM", in the town's zone. */
export function whenText(d: Debate, lang: FeedLang, timeZone: string): string {
  const start = new Date(d.modalities.scheduledStart);
  const fmt = new Intl.DateTimeFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', {
    timeZone,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
  return fmt.format(start);
}

export function durationText(minutes: number, lang: FeedLang): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (lang === 'en') return h === 0 ? `${m} min` : m === 0 ? `${h} h` : `${h} h ${m} min`;
  return h === 0 ? `${m}${NBSP}min` : m === 0 ? `${h}${NBSP}h` : `${h}${NBSP}h${NBSP}${String(m).padStart(2, '0')}`;
}

/** One line: when · where/how · duration (the cancellation or postponement first). */
export function summaryText(d: Debate, lang: FeedLang, timeZone: string): string {
  const parts = [
    whenText(d, lang, timeZone),
    [FORMAT[lang][d.modalities.format], d.location].filter(Boolean).join(lang === 'fr' ? ', ' : ', '),
    durationText(d.modalities.plannedDurationMinutes, lang),
  ];
  const line = parts.join(' · ');
  if (d.status === 'cancelled') {
    const reason = d.cancelReason ? ` ${d.cancelReason}` : '';
    return lang === 'fr' ? `Débat annulé.${reason} (${line})` : `Debate cancelled.${reason} (${line})`;
  }
  if (d.postponedFrom) return lang === 'fr' ? `Reporté au ${line}` : `Postponed to ${line}`;
  return line;
}

/** Debates carrying the tag (all when none is asked). */
export function withTag(rows: readonly Debate[], tag: string | undefined): Debate[] {
  return tag ? rows.filter((d) => (d.modalities.tags ?? []).includes(tag)) : [...rows];
}
