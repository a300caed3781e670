// The build plugin that lets index.html fetch the current page's chunks at once: on a
// bundle shaped like Vite's, the script it writes asks for exactly the page's own files
// (not the entry's), for the same addresses as the router.
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { preloadPages } from '../../preload-pages.ts';
import { matchRoute } from '../../src/router.ts';

const PAGE_OF: Record<string, string> = {
  citizen: 'citizen-page',
  display: 'display-page',
  moderate: 'moderate-page',
  archiveDebate: 'archive-debate',
  archive: 'archive-list',
  home: 'archive-list',
  admin: 'admin-page',
  requests: 'requests-page',
  captioner: 'captioner-page',
};

function chunk(fileName: string, o: { module?: string; imports?: string[]; css?: string[]; entry?: boolean } = {}) {
  return {
    type: 'chunk' as const,
    fileName,
    isEntry: o.entry ?? false,
    facadeModuleId: o.module ? `/repo/client/src/${o.module}` : null,
    imports: o.imports ?? [],
    viteMetadata: { importedCss: new Set(o.css ?? []) },
  };
}

function bundle() {
  const pages = {
    citizen: 'pages/citizen/citizen-page.tsx',
    display: 'pages/display/display-page.tsx',
    moderate: 'pages/moderate/moderate-page.tsx',
    archiveDebate: 'pages/archive/archive-debate.tsx',
    archiveList: 'pages/archive/archive-list.tsx',
    admin: 'pages/admin/admin-page.tsx',
    requests: 'pages/requests/requests-page.tsx',
    captioner: 'pages/captioner/captioner-page.tsx',
  };
  const b: Record<string, any> = {
    'index.html': { type: 'asset', fileName: 'index.html', source: '<head><title>Tribune</title></head>' },
    'assets/index.js': chunk('assets/index.js', { entry: true, imports: ['assets/preact.js'] }),
    'assets/preact.js': chunk('assets/preact.js'),
    'assets/command.js': chunk('assets/command.js', { imports: ['assets/preact.js', 'assets/zod.js'], css: ['assets/command.css'] }),
    'assets/zod.js': chunk('assets/zod.js'),
  };
  for (const [name, module] of Object.entries(pages)) {
    const file = `assets/${module.split('/').pop()!.replace('.tsx', '')}.js`;
    const imports = name === 'archiveList' || name === 'admin' ? ['assets/preact.js'] : ['assets/command.js'];
    b[file] = chunk(file, { module, imports });
  }
  return b;
}

/** Runs the script written into index.html at `path`; returns the links it added. */
function linksAt(html: string, path: string): { rel: string; href: string }[] {
  const script = /<script>([\s\S]*?)<\/script>/.exec(html)![1]!;
  const links: { rel: string; href: string }[] = [];
  const document = { createElement: () => ({}), head: { appendChild: (l: { rel: string; href: string }) => links.push({ rel: l.rel, href: l.href }) } };
  runInNewContext(script, { location: { pathname: path }, document, RegExp });
  return links;
}

describe('preloadPages (Vite plugin)', () => {
  it('asks for the page’s own chunks and styles, not the entry’s, for every page the router knows', () => {
    const b = bundle();
    const plugin = preloadPages() as unknown as { generateBundle: (this: unknown, o: unknown, b: unknown) => void };
    plugin.generateBundle.call({ error: (m: string) => { throw new Error(m); } }, {}, b);
    const html = b['index.html'].source as string;
    expect(html).toContain('</title>\n    <script>');

    expect(linksAt(html, '/d/abc123')).toEqual([
      { rel: 'modulepreload', href: '/assets/citizen-page.js' },
      { rel: 'modulepreload', href: '/assets/command.js' },
      { rel: 'stylesheet', href: '/assets/command.css' },
      { rel: 'modulepreload', href: '/assets/zod.js' },
    ]);
    expect(linksAt(html, '/admin')).toEqual([{ rel: 'modulepreload', href: '/assets/admin-page.js' }]);
    expect(linksAt(html, '/nowhere')).toEqual([]);
    // The same addresses as the router, page by page.
    for (const path of ['/', '/archive', '/archive/', '/archive/x1', '/admin', '/d/x1', '/d/x1/', '/display/x1', '/moderate/x1', '/requests']) {
      const page = PAGE_OF[matchRoute(path).page]!;
      expect(linksAt(html, path)[0]?.href, path).toBe(`/assets/${page}.js`);
    }
  });

  it('stops the build when a page module is not found (renamed without updating the table)', () => {
    const b = bundle();
    delete b['assets/display-page.js'];
    const plugin = preloadPages() as unknown as { generateBundle: (this: unknown, o: unknown, b: unknown) => void };
    expect(() => plugin.generateBundle.call({ error: (m: string) => { throw new Error(m); } }, {}, b)).toThrow(/display-page/);
  });
});
