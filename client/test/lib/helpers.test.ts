// Pure helpers behind the pages: routes, tokens and fragments, speaking time with the
// live floor, announcements, poll payloads, display and archive helpers, CSV exports.
import { describe, expect, it } from 'vitest';
import { matchRoute } from '../../src/router.ts';
import { decodeClaims, parseFragment, sessionFromToken } from '../../src/lib/session.ts';
import { groupTimes, speakerTimes } from '../../src/lib/speaking-time.ts';
import { announcementFor } from '../../src/lib/announce.ts';
import { reduce } from '../../src/lib/reducer/index.ts';
import { buildPollPayload } from '../../src/lib/poll-payload.ts';
import { COMMANDS } from '../../src/lib/commands.ts';
import { featuredPoll, shortLink } from '../../src/lib/display.ts';
import { publicListPath, trackLayout } from '../../src/lib/archive.ts';
import { DIALECTS } from '../../src/lib/csv-format.ts';
import { csvCell, csvDownloadBody, reportCsvFiles, toCsv } from '../../src/lib/report-export.ts';
import { parseCsv } from '../helpers/server.ts';
import { sortByVotes } from '../../src/lib/questions.ts';
import type { DebateReport, DebateView, PollView, QuestionView } from '../../src/lib/view-types.ts';
import { DomainDebate, people, viewers } from '../helpers/domain.ts';

const b64url = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
const jwt = (claims: Record<string, unknown>) => `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url(claims)}.sig`;

describe('router', () => {
  it('maps every page path and refuses the rest', () => {
    expect(matchRoute('/')).toEqual({ page: 'home' });
    expect(matchRoute('/archive')).toEqual({ page: 'archive' });
    expect(matchRoute('/archive/')).toEqual({ page: 'archive' });
    expect(matchRoute('/archive/deb_1')).toEqual({ page: 'archiveDebate', debateId: 'deb_1' });
    expect(matchRoute('/d/AbC-9')).toEqual({ page: 'citizen', debateId: 'AbC-9' });
    expect(matchRoute('/display/x1/')).toEqual({ page: 'display', debateId: 'x1' });
    expect(matchRoute('/moderate/x1')).toEqual({ page: 'moderate', debateId: 'x1' });
    expect(matchRoute('/moderate/x1/extra')).toEqual({ page: 'notFound' });
    expect(matchRoute('/d/bad id')).toEqual({ page: 'notFound' });
    expect(matchRoute('/api/debates')).toEqual({ page: 'notFound' });
  });
});

describe('session tokens', () => {
  const claims = { sub: 'p_1', debateId: 'deb_1', role: 'participant', name: 'Camille Dupré' };
  it('reads the claims of a token (UTF-8 names included) and checks debate and expiry', () => {
    const token = jwt({ ...claims, exp: 2_000_000_000 });
    expect(decodeClaims(token)).toMatchObject({ sub: 'p_1', name: 'Camille Dupré', exp: 2_000_000_000 });
    expect(sessionFromToken(token, 'deb_1', 1_000)).toMatchObject({ participantId: 'p_1', role: 'participant', expiresAt: 2_000_000_000_000 });
    expect(sessionFromToken(token, 'other', 1_000)).toBeNull();
    expect(sessionFromToken(token, 'deb_1', 2_000_000_000_000)).toBeNull();
    expect(decodeClaims('not-a-token')).toBeNull();
    expect(decodeClaims(jwt({ sub: 1 }))).toBeNull();
  });

  it('parses URL fragments', () => {
    expect(parseFragment('#token=abc.def&invitation=x%20y')).toEqual({ token: 'abc.def', invitation: 'x y' });
    expect(parseFragment('')).toEqual({});
  });
});

function liveDebateWithTurns() {
  const d = new DomainDebate();
  d.lifecycle('announce');
  d.lifecycle('start');
  d.run('queue:raise', { mode: 'oral', group: 'pour' }, people.camille);
  d.run('floor:grant', { seconds: 60 }, people.mod);
  d.advance(20_000);
  d.run('floor:end', {}, people.mod);
  d.run('queue:raise', { mode: 'oral', group: 'pour' }, people.camille);
  d.run('queue:raise', { mode: 'oral', group: 'contre' }, people.dominique);
  d.run('floor:grant', { participantId: 'p_dominique', seconds: 60 }, people.mod);
  return d;
}

describe('speaking time', () => {
  it('adds the live floor to finished turns, per speaker and per group', () => {
    const d = liveDebateWithTurns();
    const view = d.view(viewers.moderator!);
    const now = d.now + 5_000;
    const speakers = speakerTimes(view, now);
    expect(speakers.map((s) => [s.name, s.spokenMs, s.turns, s.speakingNow])).toEqual([
      ['Camille', 20_100, 1, false],
      ['Dominique', 5_000, 1, true],
    ]);
    expect(groupTimes(view, now)).toEqual([
      { groupId: 'pour', name: 'Pour', spokenMs: 20_100, quotaMs: 600_000, remainingMs: 579_900 },
      { groupId: 'contre', name: 'Contre', spokenMs: 5_000, quotaMs: 600_000, remainingMs: 595_000 },
    ]);
  });
});

describe('announcements', () => {
  it('tells the speaker their own warning urgently, others politely', () => {
    const d = new DomainDebate();
    d.lifecycle('announce');
    d.lifecycle('start');
    d.run('queue:raise', { mode: 'oral' }, people.camille);
    d.run('floor:grant', { seconds: 40 }, people.mod);
    let view: DebateView = d.view(viewers.camille!);
    const warnings = d.advance(11_000).filter((e) => e.type === 'floor:warning');
    expect(warnings).toHaveLength(1);
    const wire = d.wire(viewers.camille!, view.seq);
    const seen = [];
    for (const e of wire) {
      const r = reduce(view, e, viewers.camille!);
      if (r.kind !== 'applied') throw new Error(r.kind);
      seen.push(announcementFor(e, view, r.view, viewers.camille!));
      view = r.view;
    }
    expect(seen.at(-1)).toEqual({ key: 'announce.warningYou', params: { seconds: 30 }, urgent: true });
    const other = announcementFor(wire.at(-1)!, d.view(viewers.dominique!), view, viewers.dominique!);
    expect(other).toEqual({ key: 'announce.warning', params: { seconds: 30 }, urgent: false });
  });
});

describe('poll form payload', () => {
  const base = { question: ' Pour ? ', options: 'Oui\n\n Non \n', maxChoices: '', scaleMax: '5', visibility: 'live' as const, anonymous: true, autoClose: '', openNow: true };
  it('builds payloads the shared schema accepts, per kind', () => {
    const single = buildPollPayload({ ...base, kind: 'single', maxChoices: '2' });
    expect(single).toEqual({ question: 'Pour ?', kind: 'single', visibility: 'live', anonymous: true, openNow: true, options: ['Oui', 'Non'] });
    const multiple = buildPollPayload({ ...base, kind: 'multiple', maxChoices: '2', autoClose: '60' });
    expect(multiple).toMatchObject({ maxChoices: 2, autoCloseSeconds: 60 });
    const scale = buildPollPayload({ ...base, kind: 'scale', scaleMax: '10' });
    expect(scale).toMatchObject({ kind: 'scale', scaleMax: 10 });
    expect(scale).not.toHaveProperty('options');
    for (const p of [single, multiple, scale]) expect(COMMANDS['poll:create'].safeParse(p).success).toBe(true);
    expect(COMMANDS['poll:create'].safeParse(buildPollPayload({ ...base, kind: 'single', options: 'Seul' })).success).toBe(false);
  });
});

describe('display and archive helpers', () => {
  const poll = (id: string, status: PollView['status'], closedAt: number | null, results: PollView['results']) =>
    ({ id, status, closedAt, results }) as PollView;
  it('features the open poll, else the last closed one with visible results', () => {
    const r = { counts: [1], totalBallots: 1 };
    expect(featuredPoll([poll('a', 'closed', 5, r), poll('b', 'open', null, null)])!.id).toBe('b');
    expect(featuredPoll([poll('a', 'closed', 5, r), poll('c', 'closed', 9, r), poll('d', 'closed', 10, null)])!.id).toBe('c');
    expect(featuredPoll([poll('e', 'draft', null, null)])).toBeNull();
    // Taken off the screen by the moderator: never featured again, and no older result comes back.
    expect(featuredPoll([poll('a', 'closed', 5, r), poll('c', 'closed', 9, r)], ['c'])).toBeNull();
    expect(featuredPoll([poll('a', 'closed', 5, r), poll('b', 'open', null, null)], ['b'])).toBeNull();
    expect(featuredPoll([poll('b', 'open', null, null)], ['b'])).toBeNull();
    expect(shortLink('https://debats.example.org/d/abc/')).toBe('debats.example.org/d/abc');
  });

  it('builds the archive search path', () => {
    expect(publicListPath('  budget école ', '')).toBe('/api/public/debates?q=budget+%C3%A9cole');
    expect(publicListPath('', 'ended')).toBe('/api/public/debates?status=ended');
    expect(publicListPath(' ', '')).toBe('/api/public/debates');
  });

  it('places turns on the timeline track', () => {
    const turn = (startedAt: number, endedAt: number) => ({ turnId: `t${startedAt}`, startedAt, endedAt }) as DebateReport['turns'][number];
    const layout = trackLayout([turn(1000, 2000), turn(5000, 5001)], 0, 10_000);
    expect(layout[0]).toMatchObject({ left: 10, width: 10, offsetMs: 1000 });
    expect(layout[1]).toMatchObject({ left: 50, width: 0.5 });
  });

  it('sorts questions by upvotes, then by time asked', () => {
    const q = (id: string, upvotes: number, askedAt: number) => ({ id, upvotes, askedAt }) as QuestionView;
    expect(sortByVotes([q('a', 1, 1), q('b', 3, 2), q('c', 1, 0)]).map((x) => x.id)).toEqual(['b', 'c', 'a']);
  });
});

const REPORT = {
  debate: { id: 'deb_1', title: 'T', status: 'ended', modalities: { groups: [{ id: 'pour', name: 'Pour', quotaSeconds: 600 }] }, startedAt: 0, endedAt: 1 },
  turns: [
    { turnId: 't1', speaker: { participantId: 'p', name: 'Camille', role: 'participant', group: 'pour' }, mode: 'oral', startedAt: 0, endedAt: 61_000, allottedMs: 60_500, spokenMs: 61_000, overtimeMs: 1_000, endReason: 'ended' },
  ],
  speakingTime: {
    perSpeaker: [{ participantId: 'p', name: 'Camille', group: 'pour', spokenMs: 61_000, turns: 1 }],
    perGroup: [{ groupId: 'pour', name: 'Pour', spokenMs: 61_000, quotaMs: 600_000, remainingMs: 539_000 }],
  },
  polls: [
    { id: 'p1', question: 'Note', kind: 'scale', options: [], status: 'closed', visibility: 'live', results: { counts: [0, 2, 1], totalBallots: 3 }, totalBallots: 3 },
    { id: 'p2', question: 'Secret', kind: 'single', options: ['a', 'b'], status: 'closed', visibility: 'hidden', results: null, totalBallots: null },
  ],
  questions: [{ id: 'q1', text: 'Pourquoi, "donc" ; vraiment ?', authorName: 'D', status: 'answered', upvotes: 2 }],
  contributions: [
    { id: 'c1', text: '+33 6 00', authorName: 'E', status: 'read', readAt: Date.UTC(2026, 11, 1, 18, 30, 5) },
    { id: 'c2', text: ' =HYPERLINK("http://x")', authorName: '@moi', status: 'read', readAt: Date.UTC(2026, 6, 14, 9, 0, 0) },
  ],
  headHash: 'h',
  eventCount: 9,
} as unknown as DebateReport;

describe('CSV export', () => {
  it('quotes, doubles quotes and neutralises formulas', () => {
    expect(csvCell('simple')).toBe('simple');
    expect(csvCell('a, "b"')).toBe('"a, ""b"""');
    expect(csvCell('ligne\nsuivante')).toBe('"ligne\nsuivante"');
    expect(csvCell('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvCell('  -2+3')).toBe("'  -2+3");
    expect(csvCell('＝1+1')).toBe("'＝1+1");
    expect(csvCell('\tx')).toBe("'\tx");
    expect(csvCell('a=b')).toBe('a=b');
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell(null)).toBe('');
    expect(toCsv(['a', 'b'], [[1, 'x']])).toBe('a,b\r\n1,x\r\n');
    expect(csvCell(-2.5, DIALECTS.fr)).toBe('-2,5');
    expect(csvCell('a;b', DIALECTS.fr)).toBe('"a;b"');
  });

  it('exports every table of a report in the international dialect', () => {
    const files = reportCsvFiles(REPORT, 'en');
    expect(Object.keys(files)).toEqual(['deb_1-turns.csv', 'deb_1-speaking-time.csv', 'deb_1-polls.csv', 'deb_1-questions.csv', 'deb_1-contributions.csv', 'deb_1-transcript.csv']);
    expect(files['deb_1-turns.csv']!.split('\r\n')[1]).toBe('t1,Camille,participant,Pour,oral,1970-01-01T00:00:00.000Z,1970-01-01T00:01:01.000Z,60.5,61,1,ended');
    expect(files['deb_1-speaking-time.csv']).toContain('group,pour,Pour,,61,,600,539');
    expect(files['deb_1-polls.csv']!.split('\r\n').slice(1, 6)).toEqual([
      'p1,Note,scale,closed,live,1,0,3',
      'p1,Note,scale,closed,live,2,2,3',
      'p1,Note,scale,closed,live,3,1,3',
      'p2,Secret,single,closed,hidden,a,,',
      'p2,Secret,single,closed,hidden,b,,',
    ]);
    expect(files['deb_1-questions.csv']).toContain('q1,"Pourquoi, ""donc"" ; vraiment ?",D,answered,2');
    expect(files['deb_1-contributions.csv']).toContain("c1,'+33 6 00,E,read,2026-12-01T18:30:05.000Z");
  });

  it('exports the French dialect (the default) that reads back as a table', () => {
    const files = reportCsvFiles(REPORT);
    const table = (name: string) => parseCsv(files[`deb_1-${name}.csv`]!, ';');
    expect(table('turns')).toEqual([
      ['Tour', 'Intervenant·e', 'Rôle', 'Camp', 'Mode', 'Début', 'Fin', 'Temps accordé (s)', 'Temps de parole (s)', 'Dépassement (s)', 'Fin du tour'],
      ['t1', 'Camille', 'Participant·e', 'Pour', 'Oral', '01/01/1970 01:00:00', '01/01/1970 01:01:01', '60,5', '61', '1', 'Terminé'],
    ]);
    expect(table('questions')[1]).toEqual(['q1', 'Pourquoi, "donc" ; vraiment ?', 'D', 'Répondue', '2']);
    // Paris time: UTC+1 in December, UTC+2 in July; formulas are neutralised.
    expect(table('contributions').slice(1)).toEqual([
      ['c1', "'+33 6 00", 'E', 'Lue', '01/12/2026 19:30:05'],
      ['c2', `' =HYPERLINK("http://x")`, "'@moi", 'Lue', '14/07/2026 11:00:00'],
    ]);
    expect(table('polls')[1]).toEqual(['p1', 'Note', 'Échelle', 'Clos', 'En direct', '1', '0', '3']);
    expect(table('speaking-time').map((r) => r.length)).toEqual([8, 8, 8]);
    expect(csvDownloadBody(files['deb_1-turns.csv']!, 'fr').startsWith('\uFEFFTour;Intervenant·e;')).toBe(true);
  });
});
