// The mails of debate requests, in French (default) or English, plain text and HTML:
// confirm your proposal / your support (a link to the requests page whose fragment
// carries the token: a mail scanner that follows links confirms nothing, the page asks
// for a click), the organizer accepted the request, or declined it with their answer.
// Pure: the subjects carry only server-chosen words and the topic, which safeText keeps
// to one line; the mailer refuses any CR/LF in a header anyway.
import { escapeHtml } from '../feeds/atom.ts';

export type RequestMailKind = 'confirm-proposal' | 'confirm-support' | 'accepted' | 'declined';

export interface RequestMailInput {
  kind: RequestMailKind;
  lang: 'fr' | 'en';
  topic: string;
  /** The confirmation link (confirm-*), or the request's public page. */
  link: string;
  /** The organizer's answer (declined, and accepted when given). */
  answer?: string | null;
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

const NBSP = '\u00a0';
const quote = (lang: 'fr' | 'en', s: string) => (lang === 'fr' ? `«${NBSP}${s}${NBSP}»` : `“${s}”`);

const WORDS = {
  fr: {
    'confirm-proposal': {
      subject: (t: string) => `Confirmez votre proposition de débat${NBSP}: ${t}`,
      body: (t: string) => [`Vous avez proposé un débat public${NBSP}: ${t}.`, `Pour la publier, confirmez votre adresse en ouvrant ce lien puis en cliquant sur «${NBSP}Confirmer${NBSP}»${NBSP}:`],
      foot: `Si vous n’êtes pas à l’origine de cette proposition, ignorez ce message${NBSP}: rien ne sera publié.`,
    },
    'confirm-support': {
      subject: (t: string) => `Confirmez votre soutien${NBSP}: ${t}`,
      body: (t: string) => [`Vous soutenez la demande de débat ${t}.`, `Pour compter votre soutien, ouvrez ce lien puis cliquez sur «${NBSP}Confirmer${NBSP}»${NBSP}:`],
      foot: `Si vous n’avez rien demandé, ignorez ce message${NBSP}: votre adresse ne sera pas comptée.`,
    },
    accepted: {
      subject: (t: string) => `Votre demande de débat est acceptée${NBSP}: ${t}`,
      body: (t: string) => [`Les organisateurs ont accepté la demande de débat ${t}. Le débat est en préparation${NBSP}; vous serez prévenu de son annonce.`],
      foot: 'Vous recevez ce message parce que vous avez soutenu cette demande.',
    },
    declined: {
      subject: (t: string) => `Réponse à votre demande de débat${NBSP}: ${t}`,
      body: (t: string) => [`Les organisateurs ne retiennent pas la demande de débat ${t}. Leur réponse, publique${NBSP}:`],
      foot: 'Vous recevez ce message parce que vous avez soutenu cette demande.',
    },
    answer: 'Réponse des organisateurs',
    see: 'La demande',
  },
  en: {
    'confirm-proposal': {
      subject: (t: string) => `Confirm your debate proposal: ${t}`,
      body: (t: string) => [`You proposed a public debate: ${t}.`, 'To publish it, confirm your address: open this link, then click “Confirm”:'],
      foot: 'If you did not make this proposal, ignore this message: nothing will be published.',
    },
    'confirm-support': {
      subject: (t: string) => `Confirm your support: ${t}`,
      body: (t: string) => [`You support the debate request ${t}.`, 'For your support to count, open this link, then click “Confirm”:'],
      foot: 'If you asked for nothing, ignore this message: your address will not be counted.',
    },
    accepted: {
      subject: (t: string) => `Your debate request was accepted: ${t}`,
      body: (t: string) => [`The organizers accepted the debate request ${t}. The debate is being prepared; you will be told when it is announced.`],
      foot: 'You receive this message because you supported this request.',
    },
    declined: {
      subject: (t: string) => `Answer to your debate request: ${t}`,
      body: (t: string) => [`The organizers do not take up the debate request ${t}. Their public answer:`],
      foot: 'You receive this message because you supported this request.',
    },
    answer: 'The organizers’ answer',
    see: 'The request',
  },
} as const;

export function renderRequestMail(m: RequestMailInput): RenderedMail {
  const w = WORDS[m.lang];
  const k = w[m.kind];
  const topicText = quote(m.lang, m.topic);
  const body = k.body(topicText);
  const confirm = m.kind === 'confirm-proposal' || m.kind === 'confirm-support';
  const answer = m.answer ? m.answer : null;
  const text = [
    ...body,
    ...(answer ? ['', answer] : []),
    '',
    confirm ? m.link : `${w.see}${m.lang === 'fr' ? NBSP : ''}: ${m.link}`,
    '',
    k.foot,
  ].join('\n');
  const html = [
    `<!doctype html><html lang="${m.lang}"><body>`,
    ...body.map((p) => `<p>${escapeHtml(p)}</p>`),
    answer ? `<blockquote aria-label="${escapeHtml(w.answer)}">${escapeHtml(answer).replace(/\n/g, '<br>')}</blockquote>` : '',
    `<p><a href="${escapeHtml(m.link)}">${escapeHtml(confirm ? m.link : w.see)}</a></p>`,
    `<p><small>${escapeHtml(k.foot)}</small></p>`,
    '</body></html>',
  ].join('');
  return { subject: k.subject(m.topic), text, html };
}
