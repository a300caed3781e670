// The organizer page's logic without a browser: the debate form becomes a body the
// server accepts (checked against the shared schema), refusals point at the field to fix
// (from the client's own check and from the server's validation details), an existing
// debate round-trips through the form, local dates carry the right offset, and the
// lifecycle / access helpers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateDebateBodySchema, type DebateDto } from '../../../server/src/protocol/rest.ts';
import {
  buildDebateBody,
  emptyForm,
  formFromDebate,
  isoToLocalInput,
  localInputToIso,
  problemOf,
  problemsFromServer,
  slugify,
  type DebateForm,
} from '../../src/lib/admin-form.ts';
import { canIssueAccess, displayLink, isEditable, moderatorLink, nextTransition } from '../../src/lib/admin-api.ts';
import { matchRoute } from '../../src/router.ts';

let tz: string | undefined;
beforeAll(() => {
  tz = process.env.TZ;
  process.env.TZ = 'Europe/Paris';
});
afterAll(() => {
  if (tz === undefined) delete process.env.TZ;
  else process.env.TZ = tz;
});

const filled = (patch: Partial<DebateForm> = {}): DebateForm => ({
  ...emptyForm(new Date('2026-11-28T10:17:00Z')),
  title: '  Budget participatif 2027 ',
  location: 'Salle du conseil',
  groups: [
    { key: 'new-a', id: null, name: 'Pour l’avenir !', quotaMinutes: '10' },
    { key: 'new-b', id: null, name: 'Contre', quotaMinutes: '' },
  ],
  guests: [{ key: 'new-c', id: null, name: 'Élise Durand', affiliation: 'Mairie', group: 'new-b' }],
  ...patch,
});

describe('debate form → REST body', () => {
  it('builds a body the shared schema accepts, with slugs, quotas in seconds and the local offset', () => {
    const r = buildDebateBody(filled({ scheduledStart: '2026-12-03T18:30', turnSeconds: '90', warnings: '30; 10 5', expiry: 'soft' }));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(CreateDebateBodySchema.safeParse(r.body).success).toBe(true);
    expect(r.body.title).toBe('Budget participatif 2027');
    expect(r.body.description).toBeNull();
    expect(r.body.modalities.scheduledStart).toBe('2026-12-03T18:30:00+01:00');
    expect(r.body.modalities.groups).toEqual([
      { id: 'pour-l-avenir', name: 'Pour l’avenir !', quotaSeconds: 600 },
      { id: 'contre', name: 'Contre', quotaSeconds: null },
    ]);
    expect(r.body.modalities.guests).toEqual([{ id: 'elise-durand', name: 'Élise Durand', affiliation: 'Mairie', group: 'contre' }]);
    expect(r.body.modalities.turn).toEqual({ defaultSeconds: 90, warningSeconds: [30, 10, 5], expiry: 'soft' });
    expect(r.body.modalities.interventionModes).toEqual(['oral', 'written']);
    expect(r.body.modalities).not.toHaveProperty('accessCode');
  });

  it('sends the access code only under the code policy, and requires it there', () => {
    const open = buildDebateBody(filled({ accessCode: 'leftover' }));
    expect(open.ok && open.body.modalities).not.toHaveProperty('accessCode');
    const missing = buildDebateBody(filled({ joinPolicy: 'code', accessCode: ' ' }));
    expect(missing).toEqual({ ok: false, problems: [{ field: 'accessCode', key: 'admin.err.accessCode' }] });
    const given = buildDebateBody(filled({ joinPolicy: 'code', accessCode: 'MAIRIE-2027' }));
    expect(given.ok && given.body.modalities.accessCode).toBe('MAIRIE-2027');
  });

  it('ties every refusal to its field, in the order of the form', () => {
    const r = buildDebateBody(
      filled({
        title: ' ',
        scheduledStart: '',
        durationMinutes: '2',
        oral: false,
        written: false,
        turnSeconds: 'abc',
        warnings: '10, x',
        template: 'oxford',
        groups: [{ key: 'g', id: null, name: '', quotaMinutes: 'beaucoup' }],
      }),
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => p.field)).toEqual([
      'title',
      'start',
      'duration',
      'modes',
      'group-0-quota',
      'group-0-name',
      'turnSeconds',
      'warnings',
      'template',
    ]);
  });

  it('keeps the ids of saved groups and guests and avoids clashes for new ones', () => {
    const r = buildDebateBody(
      filled({
        groups: [
          { key: 'pour', id: 'pour', name: 'Pour (renommé)', quotaMinutes: '' },
          { key: 'new-x', id: null, name: 'Pour', quotaMinutes: '' },
        ],
        guests: [{ key: 'new-y', id: null, name: 'Alice', affiliation: '', group: 'pour' }],
      }),
    );
    expect(r.ok && r.body.modalities.groups.map((g) => g.id)).toEqual(['pour', 'pour-2']);
    expect(r.ok && r.body.modalities.guests[0]).toEqual({ id: 'alice', name: 'Alice', group: 'pour' });
  });

  it('maps the server’s validation details (JSON pointers) to fields', () => {
    expect(
      problemsFromServer([
        { path: '/modalities/turn/defaultSeconds', message: 'x' },
        { path: '/title', message: 'x' },
        { path: '/modalities/groups/1/name', message: 'x' },
        { path: '/unknown', message: 'x' },
      ]),
    ).toEqual([
      { field: 'title', key: 'admin.err.title' },
      { field: 'group-1-name', key: 'admin.err.groupName' },
      { field: 'turnSeconds', key: 'admin.err.turnSeconds' },
    ]);
    expect(problemsFromServer('nope')).toEqual([]);
    expect(problemOf(['modalities', 'guests', '2', 'affiliation'])).toEqual({ field: 'guest-2-affiliation', key: 'admin.err.affiliation' });
  });

  it('round-trips an existing debate through the form', () => {
    const built = buildDebateBody(filled({ scheduledStart: '2027-03-28T10:00', joinPolicy: 'code', accessCode: 'abcd' }));
    if (!built.ok) throw new Error('form refused');
    const dto = { id: 'deb_1', title: built.body.title, description: null, location: 'Salle du conseil', status: 'draft', modalities: built.body.modalities } as unknown as DebateDto;
    const again = buildDebateBody(formFromDebate(dto));
    expect(again).toEqual({ ok: true, body: built.body });
  });
});

describe('dates of the form', () => {
  it('converts datetime-local values with the offset of that date (summer and winter time)', () => {
    expect(localInputToIso('2027-07-14T21:00')).toBe('2027-07-14T21:00:00+02:00');
    expect(localInputToIso('2027-01-10T09:05')).toBe('2027-01-10T09:05:00+01:00');
    expect(localInputToIso('14/07/2027')).toBeNull();
    expect(isoToLocalInput('2027-07-14T19:00:00Z')).toBe('2027-07-14T21:00');
    expect(isoToLocalInput('not a date')).toBe('');
  });

  it('proposes the next full hour, a week ahead', () => {
    expect(emptyForm(new Date('2026-11-28T10:17:00+01:00')).scheduledStart).toBe('2026-12-05T11:00');
  });

  it('slugs names into ids', () => {
    expect(slugify('Pour l’avenir !')).toBe('pour-l-avenir');
    expect(slugify('Écologie & Solidarité')).toBe('ecologie-solidarite');
    expect(slugify('!!!')).toBe('x');
  });
});

describe('organizer helpers', () => {
  it('offers the next lifecycle step, edits before the start, links while people can get in', () => {
    expect(['draft', 'scheduled', 'live', 'ended', 'archived'].map((s) => nextTransition(s as DebateDto['status']))).toEqual([
      'announce',
      'start',
      'end',
      'archive',
      null,
    ]);
    expect(isEditable('scheduled')).toBe(true);
    expect(isEditable('live')).toBe(false);
    expect(canIssueAccess('live')).toBe(true);
    expect(canIssueAccess('ended')).toBe(false);
  });

  it('puts tokens in the fragment of the page links', () => {
    expect(moderatorLink('https://t.example', 'deb_1', 'a.b.c')).toBe('https://t.example/moderate/deb_1#token=a.b.c');
    expect(displayLink('https://t.example', 'deb_1', 'a.b.c')).toBe('https://t.example/display/deb_1#token=a.b.c');
  });

  it('routes /admin to the organizer page', () => {
    expect(matchRoute('/admin')).toEqual({ page: 'admin' });
    expect(matchRoute('/admin/')).toEqual({ page: 'admin' });
    expect(matchRoute('/admin/x')).toEqual({ page: 'notFound' });
  });
});
