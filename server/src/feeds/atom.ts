// The Atom feeds (RFC 4287) of announced debates and of published archives, built with
// the `feed` package. One entry per debate whose id is its public page (stable: readers
// update an entry in place when the debate is postponed, cancelled or edited). `feed`
// writes titles and summaries as `type="html"` CDATA, so every text is HTML-escaped
// here: a title is shown as text, never as markup, and cannot end the CDATA section.
import { Feed } from 'feed';
import { debateLinks } from '../access/links.ts';
import type { Debate } from '../db/debates-repo.ts';
import { statusLabel, summaryText, type FeedLang } from './describe.ts';

export const ATOM_CONTENT_TYPE = 'application/atom+xml; charset=utf-8';

export type FeedKind = 'debates' | 'archives';

export interface FeedRequest {
  kind: FeedKind;
  lang: FeedLang;
  tag?: string | undefined;
}

const TITLES: Record<FeedKind, Record<FeedLang, string>> = {
  debates: { fr: 'Débats publics annoncés', en: 'Announced public debates' },
  archives: { fr: 'Archives des débats publiés', en: 'Published debate archives' },
};

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);

/** The feed's own address, with its query (the `self` link must be this exact URL). */
export function feedUrl(baseUrl: string, req: FeedRequest): string {
  const q = new URLSearchParams();
  if (req.tag) q.set('tag', req.tag);
  if (req.lang !== 'fr') q.set('lang', req.lang);
  const qs = q.toString();
  return `${baseUrl}/api/feeds/${req.kind}.atom${qs ? `?${qs}` : ''}`;
}

const ms = (iso: string | null): number => (iso ? Date.parse(iso) : 0);

/** When an entry last changed in a way a reader should see. */
function entryUpdated(d: Debate, kind: FeedKind): Date {
  return new Date(kind === 'archives' ? Math.max(ms(d.archivedAt), ms(d.updatedAt)) : ms(d.updatedAt));
}

export function buildAtomFeed(rows: readonly Debate[], baseUrl: string, req: FeedRequest, timeZone: string): string {
  const { kind, lang } = req;
  const title = `${TITLES[kind][lang]}${req.tag ? ` · ${req.tag}` : ''}`;
  const self = feedUrl(baseUrl, req);
  const updated = rows.reduce((max, d) => Math.max(max, entryUpdated(d, kind).getTime()), 0);
  const feed = new Feed({
    id: self,
    title,
    link: kind === 'archives' ? `${baseUrl}/archive` : `${baseUrl}/`,
    feed: self,
    language: lang,
    // An empty feed still needs a stable `updated`: the epoch, not "now", so the same data
    // always gives the same bytes (caches, ETags).
    updated: new Date(updated),
    generator: 'Tribune',
    author: { name: 'Tribune' },
  });
  for (const d of rows) {
    const links = debateLinks(baseUrl, d.id);
    const page = kind === 'archives' ? `${baseUrl}/archive/${d.id}` : links.join;
    const summary = summaryText(d, lang, timeZone);
    const label = kind === 'debates' && d.status !== 'scheduled' ? `${statusLabel(d, lang)}${lang === 'fr' ? '\u00a0: ' : ': '}` : '';
    const content = [
      `<p>${escapeHtml(summary)}</p>`,
      d.description ? `<p>${escapeHtml(d.description).replace(/\n/g, '<br>')}</p>` : '',
      kind === 'debates'
        ? `<p><a href="${escapeHtml(links.join)}">${lang === 'fr' ? 'Rejoindre le débat' : 'Join the debate'}</a> · <a href="${escapeHtml(links.ics)}">${lang === 'fr' ? 'Ajouter à mon agenda (.ics)' : 'Add to my calendar (.ics)'}</a></p>`
        : `<p><a href="${escapeHtml(page)}">${lang === 'fr' ? 'Lire l’archive' : 'Read the archive'}</a></p>`,
    ].join('');
    feed.addItem({
      id: links.join,
      title: escapeHtml(`${label}${d.title}`),
      link: page,
      date: entryUpdated(d, kind),
      ...(d.announcedAt ? { published: new Date(d.announcedAt) } : {}),
      description: escapeHtml(summary),
      content,
      category: (d.modalities.tags ?? []).map((term) => ({ term })),
    });
  }
  return feed.atom1();
}
