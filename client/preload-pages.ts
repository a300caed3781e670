// Vite build plugin: each page's code is a chunk loaded by main.tsx with import(), so the
// browser would only learn of it once main.js has been fetched and run, one round trip
// and a script evaluation later. This writes into index.html a few lines that, from the
// address alone, ask at once for the current page's chunks (modulepreload) and styles
// (as the stylesheets Vite's loader would add: it then finds them and adds none),
// in parallel with main.js: the citizen's first frame comes sooner (see bench:media).
import type { Plugin } from 'vite';

/** The page modules of main.tsx and the addresses that open them (as in src/router.ts). */
const PAGES: { module: string; path: RegExp }[] = [
  { module: 'pages/citizen/citizen-page.tsx', path: /^\/d\/[^/]+\/?$/ },
  { module: 'pages/display/display-page.tsx', path: /^\/display\/[^/]+\/?$/ },
  { module: 'pages/moderate/moderate-page.tsx', path: /^\/moderate\/[^/]+\/?$/ },
  { module: 'pages/archive/archive-debate.tsx', path: /^\/archive\/[^/]+\/?$/ },
  { module: 'pages/archive/archive-list.tsx', path: /^\/(archive\/?)?$/ },
  { module: 'pages/admin/admin-page.tsx', path: /^\/admin\/?$/ },
];

interface ChunkLike {
  type: 'chunk';
  fileName: string;
  facadeModuleId: string | null;
  imports: string[];
  viteMetadata?: { importedCss: Set<string> };
}

/** A chunk's file and every file it imports statically (what import() would fetch). */
function closure(bundle: Record<string, unknown>, fileName: string, seen = new Set<string>()): Set<string> {
  if (seen.has(fileName)) return seen;
  seen.add(fileName);
  const chunk = bundle[fileName] as ChunkLike | undefined;
  if (chunk?.type !== 'chunk') return seen;
  for (const css of chunk.viteMetadata?.importedCss ?? []) seen.add(css);
  for (const dep of chunk.imports) closure(bundle, dep, seen);
  return seen;
}

export function preloadPages(): Plugin {
  return {
    name: 'tribune:preload-pages',
    apply: 'build',
    enforce: 'post',
    generateBundle(_options, bundle) {
      const chunks = Object.values(bundle).filter((c): c is ChunkLike & (typeof bundle)[string] => c.type === 'chunk');
      const entry = chunks.find((c) => (c as { isEntry?: boolean }).isEntry);
      const entryFiles = entry ? closure(bundle, entry.fileName) : new Set<string>();
      const table: [string, string[]][] = [];
      for (const page of PAGES) {
        const chunk = chunks.find((c) => c.facadeModuleId?.replaceAll('\\', '/').endsWith(`/src/${page.module}`));
        if (!chunk) this.error(`preload-pages: no chunk for ${page.module} (was it renamed? update client/preload-pages.ts)`);
        const files = [...closure(bundle, chunk.fileName)].filter((f) => !entryFiles.has(f));
        table.push([page.path.source, files]);
      }
      const html = bundle['index.html'];
      if (!html || html.type !== 'asset') this.error('preload-pages: index.html not found in the bundle');
      const script =
        `<script>(function(){var t=${JSON.stringify(table)},p=location.pathname;` +
        `for(var i=0;i<t.length;i++){if(!new RegExp(t[i][0]).test(p))continue;` +
        `t[i][1].forEach(function(f){var l=document.createElement('link'),css=/\\.css$/.test(f);` +
        `l.rel=css?'stylesheet':'modulepreload';l.href='/'+f;document.head.appendChild(l);});break;}})();</script>`;
      html.source = String(html.source).replace('</title>', `</title>\n    ${script}`);
    },
  };
}
