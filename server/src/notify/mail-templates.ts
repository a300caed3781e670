// The notification mails as text and HTML, French first, English on request: the
// confirmation of a subscription, the announcement (modalities in plain words), changes
// (modalities changed, postponed, cancelled), reminders, "it starts now" and "the
// archive is published". Pure: the caller passes the debate, the links and the time zone.
// Every interpolated value is HTML-escaped in the HTML part; the subject is one line.
import type { Debate } from '../db/debates-repo.ts';

import type { MailKind, MailLang } from '../protocol/notify.ts';

export type { MailKind, MailLang };

export interface MailLinks {
  /** The debate's page (join link). */
  join: string;
  ics: string;
  archive: string;
  /** Unsubscribe page (the header carries the one-click POST address). */
  unsubscribe: string;
  /** confirm mails only. */
  confirm?: string;
}

export interface MailContext {
  kind: MailKind;
  lang: MailLang;
  /** null for a confirmation of an "all debates" or tag subscription. */
  debate: Debate | null;
  links: MailLinks;
  timeZone: string;
  /** What the subscription covers, for confirm mails: a debate title, "all", or a tag. */
  scopeLabel?: string;
  /** Reminder: milliseconds before the start. */
  offsetMs?: number;
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

const NBSP = '\u00a0';

const T = {
  fr: {
    confirmSubject: 'Confirmez votre inscription aux débats',
    confirmIntro: (scope: string) => `Vous avez demandé à être prévenu·e par e-mail : ${scope}.`,
    confirmAction: 'Pour confirmer, ouvrez ce lien :',
    confirmIgnore: 'Si vous n’avez rien demandé, ignorez ce message : sans confirmation, votre adresse est effacée.',
    announced: 'Débat annoncé',
    changed: 'Modalités modifiées',
    postponed: 'Débat reporté',
    cancelled: 'Débat annulé',
    reminder: 'Rappel',
    starting: 'Ça commence',
    archived: 'Archive publiée',
    when: 'Date',
    where: 'Lieu',
    online: 'en ligne',
    hybrid: (place: string) => `${place} et en ligne`,
    duration: 'Durée prévue',
    minutes: (n: number) => (n >= 60 ? `${Math.floor(n / 60)}${NBSP}h${n % 60 ? ` ${String(n % 60).padStart(2, '0')}` : ''}` : `${n}${NBSP}min`),
    modes: 'Interventions',
    oral: 'à l’oral',
    written: 'par écrit',
    polls: 'Sondages',
    pollsOn: 'oui, en direct',
    pollsOff: 'non',
    guests: 'Invité·es',
    join: 'Pour participer',
    joinOpen: 'ouvert à toutes et à tous, sans inscription',
    joinCode: 'avec le code d’accès communiqué par les organisateurs',
    joinInvite: 'sur invitation',
    link: 'Lien du débat',
    ics: 'Ajouter à mon agenda',
    reason: 'Motif',
    postponedFrom: 'Date initialement prévue',
    startsIn: (s: string) => `Le débat commence ${s}.`,
    startsNow: 'Le débat commence maintenant. Rejoignez-le :',
    archiveIntro: 'L’archive du débat est publiée : interventions, questions, sondages et enregistrements.',
    archiveLink: 'Consulter l’archive',
    cancelledIntro: 'Ce débat n’aura pas lieu.',
    unsubscribe: 'Se désinscrire en un clic',
    why: 'Vous recevez ce message parce que vous vous êtes inscrit·e aux notifications des débats.',
    all: 'tous les débats',
    tag: (t: string) => `les débats sur le thème « ${t} »`,
    debate: (t: string) => `le débat « ${t} »`,
    inDays: (d: number) => (d === 1 ? 'demain' : `dans ${d}${NBSP}jours`),
    inHours: (h: number) => `dans ${h}${NBSP}heure${h > 1 ? 's' : ''}`,
    inMinutes: (m: number) => `dans ${m}${NBSP}minute${m > 1 ? 's' : ''}`,
    colon: `${NBSP}:`,
    locale: 'fr-FR',
  },
  en: {
    confirmSubject: 'Confirm your subscription to debates',
    confirmIntro: (scope: string) => `You asked to be told by e-mail about ${scope}.`,
    confirmAction: 'To confirm, open this link:',
    confirmIgnore: 'If you did not ask, ignore this message: without confirmation your address is erased.',
    announced: 'Debate announced',
    changed: 'Arrangements changed',
    postponed: 'Debate postponed',
    cancelled: 'Debate cancelled',
    reminder: 'Reminder',
    starting: 'Starting now',
    archived: 'Archive published',
    when: 'Date',
    where: 'Place',
    online: 'online',
    hybrid: (place: string) => `${place} and online`,
    duration: 'Planned duration',
    minutes: (n: number) => (n >= 60 ? `${Math.floor(n / 60)} h${n % 60 ? ` ${String(n % 60).padStart(2, '0')}` : ''}` : `${n} min`),
    modes: 'Contributions',
    oral: 'spoken',
    written: 'written',
    polls: 'Polls',
    pollsOn: 'yes, live',
    pollsOff: 'no',
    guests: 'Guests',
    join: 'How to take part',
    joinOpen: 'open to everyone, no registration',
    joinCode: 'with the access code given by the organizers',
    joinInvite: 'by invitation',
    link: 'Debate link',
    ics: 'Add to my calendar',
    reason: 'Reason',
    postponedFrom: 'Originally planned',
    startsIn: (s: string) => `The debate starts ${s}.`,
    startsNow: 'The debate starts now. Join it:',
    archiveIntro: 'The debate’s archive is published: contributions, questions, polls and recordings.',
    archiveLink: 'Read the archive',
    cancelledIntro: 'This debate will not take place.',
    unsubscribe: 'Unsubscribe in one click',
    why: 'You receive this message because you subscribed to debate notifications.',
    all: 'all debates',
    tag: (t: string) => `debates on “${t}”`,
    debate: (t: string) => `the debate “${t}”`,
    inDays: (d: number) => (d === 1 ? 'tomorrow' : `in ${d} days`),
    inHours: (h: number) => `in ${h} hour${h > 1 ? 's' : ''}`,
    inMinutes: (m: number) => `in ${m} minute${m > 1 ? 's' : ''}`,
    colon: ':',
    locale: 'en-GB',
  },
} as const;

type Dict = (typeof T)[MailLang];

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export function formatWhen(iso: string, lang: MailLang, timeZone: string): string {
  return new Intl.DateTimeFormat(T[lang].locale, { dateStyle: 'full', timeStyle: 'short', timeZone }).format(new Date(iso));
}

function relative(d: Dict, ms: number): string {
  if (ms >= 86_400_000) return d.inDays(Math.round(ms / 86_400_000));
  if (ms >= 3_600_000) return d.inHours(Math.round(ms / 3_600_000));
  return d.inMinutes(Math.max(1, Math.round(ms / 60_000)));
}

/** The modalities as label/value lines, in plain words. */
export function modalityLines(debate: Debate, lang: MailLang, timeZone: string): [string, string][] {
  const d = T[lang];
  const m = debate.modalities;
  const place = debate.location ?? '';
  const where = m.format === 'online' ? d.online : m.format === 'hybrid' ? d.hybrid(place || '—') : place || '—';
  const lines: [string, string][] = [
    [d.when, formatWhen(m.scheduledStart, lang, timeZone)],
    [d.where, where],
    [d.duration, d.minutes(m.plannedDurationMinutes)],
    [d.modes, m.interventionModes.map((x) => d[x]).join(lang === 'fr' ? ' et ' : ' and ')],
    [d.polls, m.pollsEnabled ? d.pollsOn : d.pollsOff],
  ];
  if (m.guests.length > 0) lines.push([d.guests, m.guests.map((g) => (g.affiliation ? `${g.name} (${g.affiliation})` : g.name)).join(', ')]);
  lines.push([d.join, m.joinPolicy === 'open' ? d.joinOpen : m.joinPolicy === 'code' ? d.joinCode : d.joinInvite]);
  return lines;
}

export function renderMail(ctx: MailContext): RenderedMail {
  const d = T[ctx.lang];
  const { debate, links } = ctx;
  const paras: string[] = [];
  const table: [string, string][] = [];
  const actions: [string, string][] = [];
  let subject: string;
  if (ctx.kind === 'confirm') {
    subject = d.confirmSubject;
    paras.push(d.confirmIntro(ctx.scopeLabel ?? d.all), d.confirmAction);
    actions.push([d.confirmSubject, links.confirm ?? links.unsubscribe]);
    paras.push(d.confirmIgnore);
  } else {
    if (!debate) throw new Error(`renderMail: ${ctx.kind} needs a debate`);
    subject = `${d[ctx.kind]}${d.colon} ${debate.title}`;
    if (ctx.kind === 'cancelled') {
      paras.push(d.cancelledIntro);
      if (debate.cancelReason) table.push([d.reason, debate.cancelReason]);
    } else if (ctx.kind === 'starting') {
      paras.push(d.startsNow);
      actions.push([d.link, links.join]);
    } else if (ctx.kind === 'archived') {
      paras.push(d.archiveIntro);
      actions.push([d.archiveLink, links.archive]);
    } else {
      if (ctx.kind === 'reminder' && ctx.offsetMs !== undefined) paras.push(d.startsIn(relative(d, ctx.offsetMs)));
      if (debate.description) paras.push(debate.description);
      table.push(...modalityLines(debate, ctx.lang, ctx.timeZone));
      if (ctx.kind === 'postponed' && debate.postponedFrom) {
        table.push([d.postponedFrom, formatWhen(debate.postponedFrom, ctx.lang, ctx.timeZone)]);
        if (debate.postponeReason) table.push([d.reason, debate.postponeReason]);
      }
      actions.push([d.link, links.join], [d.ics, links.ics]);
    }
  }
  const footer = `${d.why}\n${d.unsubscribe}${d.colon} ${links.unsubscribe}`;
  const text = [
    ...(debate && ctx.kind !== 'confirm' ? [debate.title, ''] : []),
    ...paras.flatMap((p) => [p, '']),
    ...table.map(([k, v]) => `${k}${d.colon} ${v}`),
    ...(table.length ? [''] : []),
    ...actions.map(([k, v]) => `${k}${d.colon} ${v}`),
    '',
    '--',
    footer,
    '',
  ].join('\n');
  const e = escapeHtml;
  const html = [
    `<!doctype html><html lang="${ctx.lang}"><head><meta charset="utf-8"><title>${e(subject)}</title></head>`,
    '<body style="font-family:sans-serif;line-height:1.5;max-width:40em">',
    debate && ctx.kind !== 'confirm' ? `<h1 style="font-size:1.3em">${e(debate.title)}</h1>` : '',
    ...paras.map((p) => `<p>${e(p).replace(/\n/g, '<br>')}</p>`),
    table.length
      ? `<table>${table.map(([k, v]) => `<tr><th style="text-align:left;padding-right:1em">${e(k)}</th><td>${e(v)}</td></tr>`).join('')}</table>`
      : '',
    ...actions.map(([k, v]) => `<p><a href="${e(v)}">${e(k)}</a></p>`),
    `<hr><p style="font-size:.85em;color:#555">${e(d.why)}<br><a href="${e(links.unsubscribe)}">${e(d.unsubscribe)}</a></p>`,
    '</body></html>',
  ].join('\n');
  return { subject, text, html };
}

export function scopeLabel(lang: MailLang, scope: 'debate' | 'all' | 'tag', value: string, debateTitle?: string): string {
  const d = T[lang];
  return scope === 'all' ? d.all : scope === 'tag' ? d.tag(value) : d.debate(debateTitle ?? value);
}
