// iCalendar (RFC 5545) output of announced debates, for "add to my calendar" links and
// subscribable feeds. One VEVENT per debate with a UID that never changes, so a calendar
// application updates the entry in place when the debate is rescheduled.
import ical, { ICalEventStatus } from 'ical-generator';
import { debateLinks } from '../access/links.ts';
import type { DebateRow } from './debate-view.ts';
import { icsText } from './encoding.ts';

export const ICS_CONTENT_TYPE = 'text/calendar; charset=utf-8';

/** Stable per debate and independent of the public URL (which may change). */
export function eventUid(debateId: string): string {
  return `debate-${debateId}@tribune`;
}

export function buildCalendar(rows: readonly DebateRow[], baseUrl: string, name: string): string {
  const calendar = ical({
    // ical-generator writes the calendar's NAME and X-WR-CALNAME as given (it escapes the
    // events' texts, not this one): encode it here, or a title could add components.
    name: icsText(name),
    prodId: { company: 'Tribune', product: 'Tribune', language: 'FR' },
    url: `${baseUrl}/api/calendar.ics`,
  });
  for (const row of rows) {
    const start = new Date(row.modalities.scheduledStart);
    const end = new Date(start.getTime() + row.modalities.plannedDurationMinutes * 60_000);
    const links = debateLinks(baseUrl, row.id);
    calendar.createEvent({
      id: eventUid(row.id),
      start,
      end,
      // DTSTAMP/LAST-MODIFIED from the row: the same debate always renders the same bytes.
      stamp: new Date(row.updatedAt),
      lastModified: new Date(row.updatedAt),
      summary: row.title,
      description: [
        row.status === 'cancelled' ? `Débat annulé.${row.cancelReason ? ` ${row.cancelReason}` : ''}` : null,
        row.postponedFrom && row.status !== 'cancelled' ? `Débat reporté.${row.postponeReason ? ` ${row.postponeReason}` : ''}` : null,
        row.description,
        `Rejoindre\u00a0: ${links.join}`,
      ]
        .filter(Boolean)
        .join('\n\n'),
      location: row.location ?? (row.modalities.format === 'online' ? links.join : null),
      url: links.join,
      status: row.status === 'cancelled' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    });
  }
  return calendar.toString();
}
