// The /embed block a town puts in an <iframe> on its own website: the upcoming and live
// debates (optionally of one tag), in French or English, each with its join link opening
// Tribune in a new tab. Server-rendered, no script at all, one inline stylesheet allowed
// by its hash. Its Content-Security-Policy is the only one whose `frame-ancestors` is not
// 'none': the origins of EMBED_ALLOWED_ORIGINS (or this origin alone when none is set).
import { createHash } from 'node:crypto';
import { debateLinks } from '../access/links.ts';
import type { Debate } from '../db/debates-repo.ts';
import { escapeHtml, feedUrl } from './atom.ts';
import { statusLabel, summaryText, type FeedLang } from './describe.ts';

const STYLE = `
:root{color-scheme:light;font-family:system-ui,sans-serif;color:#1b1b1b;background:#fff}
body{margin:0;padding:.75rem}
h1{font-size:1.15rem;margin:0 0 .5rem}
ul{list-style:none;margin:0;padding:0}
li{border-top:1px solid #ddd;padding:.6rem 0}
.title{font-weight:600;color:#000091}
.badge{display:inline-block;font-size:.8rem;padding:0 .4rem;margin-right:.4rem;border-radius:.25rem;background:#e3e3fd;color:#000091}
.badge--live{background:#ce0500;color:#fff}
.summary{margin:.2rem 0;font-size:.9rem}
.join{font-weight:600;color:#000091}
.more{font-size:.85rem;margin-top:.6rem}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
`;

/** The CSP source of the inline stylesheet. */
export const EMBED_STYLE_HASH = `'sha256-${createHash('sha256').update(STYLE, 'utf8').digest('base64')}'`;

const WORDS: Record<FeedLang, Record<string, string>> = {
  fr: {
    heading: 'Débats publics',
    empty: 'Aucun débat annoncé pour le moment.',
    join: 'Rejoindre',
    all: 'Tous les débats',
    feed: 'Flux Atom',
    calendar: 'Agenda (.ics)',
    newTab: '(nouvel onglet)',
  },
  en: {
    heading: 'Public debates',
    empty: 'No debate announced at the moment.',
    join: 'Join',
    all: 'All debates',
    feed: 'Atom feed',
    calendar: 'Calendar (.ics)',
    newTab: '(new tab)',
  },
};

/** frame-ancestors: the configured origins, else this origin only. */
export function embedCsp(allowedOrigins: readonly string[]): string {
  const ancestors = allowedOrigins.length > 0 ? allowedOrigins.join(' ') : "'self'";
  return [
    "default-src 'none'",
    `style-src ${EMBED_STYLE_HASH}`,
    "img-src 'self' data:",
    "base-uri 'none'",
    "form-action 'none'",
    `frame-ancestors ${ancestors}`,
  ].join('; ');
}

export interface EmbedOptions {
  lang: FeedLang;
  tag?: string | undefined;
  baseUrl: string;
  timeZone: string;
}

function item(d: Debate, o: EmbedOptions): string {
  const w = WORDS[o.lang];
  const join = debateLinks(o.baseUrl, d.id).join;
  const live = d.status === 'live';
  return [
    `<li class="debate${live ? ' debate--live' : ''}">`,
    `<span class="badge${live ? ' badge--live' : ''}">${escapeHtml(statusLabel(d, o.lang))}</span>`,
    `<a class="title" href="${escapeHtml(join)}" target="_blank" rel="noopener">${escapeHtml(d.title)}</a>`,
    `<p class="summary">${escapeHtml(summaryText(d, o.lang, o.timeZone))}</p>`,
    `<a class="join" href="${escapeHtml(join)}" target="_blank" rel="noopener">${w.join}<span class="visually-hidden"> ${escapeHtml(d.title)} ${w.newTab}</span></a>`,
    '</li>',
  ].join('');
}

export function renderEmbed(rows: readonly Debate[], o: EmbedOptions): string {
  const w = WORDS[o.lang];
  const feed = feedUrl(o.baseUrl, { kind: 'debates', lang: o.lang, tag: o.tag });
  const list = rows.length > 0 ? `<ul>${rows.map((d) => item(d, o)).join('')}</ul>` : `<p>${w.empty}</p>`;
  return `<!doctype html>
<html lang="${o.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${w.heading}</title>
<link rel="alternate" type="application/atom+xml" href="${escapeHtml(feed)}">
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>${w.heading}${o.tag ? ` · ${escapeHtml(o.tag)}` : ''}</h1>
${list}
<p class="more"><a href="${escapeHtml(o.baseUrl)}/" target="_blank" rel="noopener">${w.all}</a> · <a href="${escapeHtml(feed)}" target="_blank" rel="noopener">${w.feed}</a> · <a href="${escapeHtml(o.baseUrl)}/api/calendar.ics" target="_blank" rel="noopener">${w.calendar}</a></p>
</main>
</body>
</html>
`;
}
