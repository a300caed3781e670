// REST: the archive search. French full-text search with accents stripped, on PGlite and
// PostgreSQL alike: a query with or without accents finds titles, descriptions, public
// questions and contributions, and speakers' names; what the public may not read
// (pending questions, unread contributions) is found by staff only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { domainCommands } from '../../src/domain/debate.ts';
import type { Actor } from '../../src/domain/types.ts';
import type { LiveDebate } from '../../src/live/live-debate.ts';
import { ADMIN_TOKEN, startTestApp, type TestApp } from '../helpers/app.ts';
import { admin, http, join, liveDebate } from '../helpers/clients.ts';

const MOD: Actor = { kind: 'participant', id: 'mod_test', role: 'moderator', name: 'Modération' };

async function run(live: LiveDebate, name: string, payload: unknown, actor: Actor) {
  return live.execute(name, domainCommands[name]!.schema.parse(payload), actor);
}

describe('archive search', () => {
  let t: TestApp;
  let titled: string;
  let asked: string;
  const search = async (q: string, token?: string) => {
    const res = await http(t, 'GET', `${token ? '/api/debates' : '/api/public/debates'}?q=${encodeURIComponent(q)}`, { token: token ?? null });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body as { debates: { id: string }[]; matches: Record<string, string[]> };
  };
  const ids = (body: { debates: { id: string }[] }) => body.debates.map((d) => d.id).filter((id) => id === titled || id === asked);

  beforeAll(async () => {
    t = await startTestApp();
    titled = (await liveDebate(t, { title: 'La piétonnisation du centre-ville', start: false })).debateId;
    asked = (await liveDebate(t, { title: 'Budget participatif' })).debateId;
    const live = await t.app.services.registry.get(asked);
    const who = async (name: string): Promise<Actor> => {
      const j = await join(t, asked, { displayName: name });
      return { kind: 'participant', id: j.participantId, role: 'participant', name };
    };
    const hélène = await who('Hélène Éluard');
    const marc = await who('Marc');
    const { questionId } = await run(live, 'question:ask', { text: 'Quand les pistes cyclables seront-elles élargies ?' }, marc);
    await run(live, 'question:approve', { questionId }, MOD);
    await run(live, 'question:ask', { text: 'Une question sur la fermeture des écoles ?' }, marc);
    const { contributionId } = await run(live, 'contribution:submit', { text: 'Je propose des arbres sur la place Saint-Éloi.' }, marc);
    await run(live, 'contribution:read', { contributionId, seconds: 5 }, MOD);
    await run(live, 'floor:end', {}, MOD);
    await run(live, 'contribution:submit', { text: 'Une contribution sur les égouts, non lue.' }, marc);
    await run(live, 'queue:raise', { mode: 'oral', group: 'pour' }, hélène);
    await run(live, 'floor:grant', {}, MOD);
    await run(live, 'floor:end', {}, MOD);
  });
  afterAll(async () => {
    await t.close();
  });

  it('finds a title with or without its accents, by a word or its start', async () => {
    for (const q of ['piétonnisation', 'pietonnisation', 'PIETONNISATION', 'piéton', 'pieton centre', 'Centre-Ville']) {
      const found = await search(q);
      expect(ids(found), q).toEqual([titled]);
      expect(found.matches[titled], q).toEqual(['debate']);
    }
    expect(ids(await search('pietonnisation budget'))).toEqual([]);
    // An elision is not a word of its own: "l'" does not narrow (nor widen) the search.
    expect(ids(await search('l’écoles'))).toEqual([]);
    expect(ids(await search("la piétonnisation d'un centre"))).toEqual([titled]);
  });

  it('finds approved questions, read contributions and speakers, with or without accents', async () => {
    for (const [q, kind] of [
      ['cyclables', 'question'],
      ['élargies', 'question'],
      ['elargie', 'question'],
      ['saint eloi', 'contribution'],
      ['arbre', 'contribution'],
      ['helene', 'speaker'],
      ['Éluard', 'speaker'],
    ] as const) {
      const found = await search(q);
      expect(ids(found), q).toEqual([asked]);
      expect(found.matches[asked], q).toEqual([kind]);
    }
  });

  it('hides pending questions and unread contributions from the public, not from staff', async () => {
    for (const q of ['ecoles', 'egouts']) {
      expect(ids(await search(q)), q).toEqual([]);
      const staff = await search(q, ADMIN_TOKEN);
      expect(ids(staff), q).toEqual([asked]);
    }
  });

  it('ignores what is not a word and refuses an empty query', async () => {
    expect(ids(await search("'&|!:*()"))).toEqual([]);
    expect(ids(await search('la des'))).toEqual([]);
    const empty = await http(t, 'GET', '/api/public/debates?q=%20');
    expect(empty.status).toBe(400);
    expect((await admin(t, 'GET', '/api/debates?q=pieton')).body.debates.map((d: { id: string }) => d.id)).toContain(titled);
  });
});
