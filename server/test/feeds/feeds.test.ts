// The Atom feeds and the /embed block over the real server (issue 11, item 5): each feed
// parsed as XML in strict mode and checked for what RFC 4287 requires (feed and entry
// id, title, updated; an author; the self link), drafts absent, the tag and language
// filters, hostile titles kept as text, and the embed's frame-ancestors apart from every
// other page's.
import { xml2js, type Element } from 'xml-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { admin, http, modalities } from '../helpers/clients.ts';

const ATOM_NS = 'http://www.w3.org/2005/Atom';

const children = (el: Element, name: string): Element[] => (el.elements ?? []).filter((e) => e.type === 'element' && e.name === name);
const child = (el: Element, name: string): Element | undefined => children(el, name)[0];
const textOf = (el: Element | undefined): string =>
  (el?.elements ?? []).map((e) => (e.type === 'text' ? String(e.text) : e.type === 'cdata' ? String(e.cdata) : '')).join('');

/** Parses strictly (a malformed document throws) and checks the elements RFC 4287 requires. */
function parseAtom(xml: string): { feed: Element; entries: Element[] } {
  const doc = xml2js(xml, { compact: false }) as Element;
  const feed = child(doc, 'feed');
  expect(feed, 'root element <feed>').toBeDefined();
  expect(feed!.attributes?.xmlns).toBe(ATOM_NS);
  for (const name of ['id', 'title', 'updated']) expect(textOf(child(feed!, name)), `feed/${name}`).not.toBe('');
  expect(Number.isNaN(Date.parse(textOf(child(feed!, 'updated'))))).toBe(false);
  const self = children(feed!, 'link').find((l) => l.attributes?.rel === 'self');
  expect(self?.attributes?.href).toBeTruthy();
  const entries = children(feed!, 'entry');
  const feedAuthor = child(feed!, 'author');
  for (const e of entries) {
    for (const name of ['id', 'title', 'updated']) expect(textOf(child(e, name)), `entry/${name}`).not.toBe('');
    expect(Number.isNaN(Date.parse(textOf(child(e, 'updated'))))).toBe(false);
    expect(feedAuthor ?? child(e, 'author'), 'an author on the feed or the entry').toBeDefined();
    expect(children(e, 'link').length).toBeGreaterThan(0);
  }
  return { feed: feed!, entries };
}

describe('Atom feeds and the embed block', () => {
  let t: TestApp;
  /** Links are written with the public address (PUBLIC_URL, else localhost and the port). */
  let base: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp({ env: { EMBED_ALLOWED_ORIGINS: 'https://www.ville.example, https://*.agglo.example' } });
    base = `http://localhost:${t.port}`;
    const make = async (key: string, title: string, start: string, steps: string[], extra: Record<string, unknown> = {}) => {
      const res = await admin(t, 'POST', '/api/debates', { title, modalities: modalities({ scheduledStart: start, ...extra }) });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      ids[key] = res.body.debate.id;
      for (const step of steps) expect((await admin(t, 'POST', `/api/debates/${ids[key]}/${step}`)).status).toBe(200);
    };
    await make('draft', 'Brouillon secret', '2036-12-01T10:00:00Z', []);
    await make('mobility', 'Pistes <b>cyclables</b> & "zones 30" ]]>', '2036-12-20T17:00:00Z', ['announce'], { tags: ['mobilite'] });
    await make('schools', 'Cantines scolaires', '2036-12-10T17:30:00Z', ['announce'], { tags: ['ecoles'] });
    await make('live', 'Budget participatif', '2036-11-01T18:00:00Z', ['announce', 'start'], { tags: ['mobilite'] });
    await make('archived', 'Plan climat', '2026-11-01T18:00:00Z', ['announce', 'start', 'end', 'archive']);
  });
  afterAll(async () => {
    await t.close();
  });

  it('the debates feed is Atom: announced and live debates, never drafts nor archives', async () => {
    const res = await fetch(`${t.baseUrl}/api/feeds/debates.atom`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
    const { feed, entries } = parseAtom(await res.text());
    expect(textOf(child(feed, 'title'))).toBe('Débats publics annoncés');
    expect(child(feed, 'author')).toBeDefined();
    const self = children(feed, 'link').find((l) => l.attributes?.rel === 'self');
    expect(self?.attributes?.href).toBe(`${base}/api/feeds/debates.atom`);
    const entryIds = entries.map((e) => textOf(child(e, 'id')));
    expect(entryIds).toEqual([ids.live, ids.schools, ids.mobility].map((id) => `${base}/d/${id}`));
    const live = entries[0]!;
    expect(textOf(child(live, 'title'))).toBe('En direct\u00a0: Budget participatif');
    expect(textOf(child(live, 'content'))).toContain(`${base}/api/debates/${ids.live}/calendar.ics`);
  });

  it('keeps a hostile title as escaped text, the CDATA section intact', async () => {
    const { entries } = parseAtom(await (await fetch(`${t.baseUrl}/api/feeds/debates.atom`)).text());
    const mobility = entries.find((e) => textOf(child(e, 'id')).endsWith(ids.mobility!))!;
    expect(textOf(child(mobility, 'title'))).toBe('Pistes &lt;b&gt;cyclables&lt;/b&gt; &amp; &quot;zones 30&quot; ]]&gt;');
    expect(child(mobility, 'title')?.attributes?.type).toBe('html');
    expect(child(mobility, 'category')?.attributes?.term).toBe('mobilite');
  });

  it('filters by tag, speaks English on request, refuses a bad tag', async () => {
    const { entries } = parseAtom(await (await fetch(`${t.baseUrl}/api/feeds/debates.atom?tag=mobilite&lang=en`)).text());
    expect(entries.map((e) => textOf(child(e, 'id')))).toEqual([ids.live, ids.mobility].map((id) => `${base}/d/${id}`));
    expect(textOf(child(entries[0]!, 'title'))).toBe('Live now: Budget participatif');
    expect(textOf(child(entries[1]!, 'summary'))).toMatch(/^Saturday, 20 December 2036 at 18:00 · in the room and online · 1 h 30 min$/);
    const bad = await http(t, 'GET', '/api/feeds/debates.atom?tag=%3Cscript%3E');
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    expect((await http(t, 'GET', '/api/feeds/drafts.atom')).status).toBe(400);
  });

  it('the archives feed lists the published archives with their archive page', async () => {
    const { feed, entries } = parseAtom(await (await fetch(`${t.baseUrl}/api/feeds/archives.atom`)).text());
    expect(textOf(child(feed, 'title'))).toBe('Archives des débats publiés');
    expect(entries).toHaveLength(1);
    expect(children(entries[0]!, 'link')[0]?.attributes?.href).toBe(`${base}/archive/${ids.archived}`);
    expect(textOf(child(entries[0]!, 'summary'))).toContain('dimanche 1 novembre 2026 à 19:00');
  });

  it('the embed lists live then upcoming debates with join links, framed only by the configured origins', async () => {
    const res = await fetch(`${t.baseUrl}/embed?tag=mobilite`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain('frame-ancestors https://www.ville.example https://*.agglo.example');
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('script-src');
    expect(res.headers.get('x-frame-options')).toBeNull();
    const html = await res.text();
    expect(html).toContain('<html lang="fr">');
    const joins = [...html.matchAll(/class="title" href="([^"]+)"/g)].map((m) => m[1]);
    expect(joins).toEqual([ids.live, ids.mobility].map((id) => `${base}/d/${id}`));
    expect(html).toContain('Pistes &lt;b&gt;cyclables&lt;/b&gt;');
    expect(html).not.toContain('Cantines');
    const en = await (await fetch(`${t.baseUrl}/embed?lang=en`)).text();
    expect(en).toContain('<html lang="en">');
    expect(en).toContain('Cantines scolaires');
    expect(en).toContain('>Join<');
  });

  it('every other page stays frame-ancestors none', async () => {
    for (const path of ['/api/public/debates', '/api/feeds/debates.atom', '/healthz']) {
      const res = await fetch(`${t.baseUrl}${path}`);
      expect(res.headers.get('content-security-policy'), path).toContain("frame-ancestors 'none'");
      expect(res.headers.get('x-frame-options'), path).toBe('DENY');
    }
  });

  it('refuses bad embed input and a bad EMBED_ALLOWED_ORIGINS', async () => {
    expect((await http(t, 'GET', '/embed?limit=500')).status).toBe(400);
    expect((await http(t, 'GET', '/embed?lang=de')).status).toBe(400);
    await expect(startTestApp({ env: { EMBED_ALLOWED_ORIGINS: "https://ok.example, 'unsafe-inline'" } })).rejects.toThrow(/EMBED_ALLOWED_ORIGINS/);
  });
});
