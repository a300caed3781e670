// Vite build plugin: each page's code is a chunk loaded by main.tsx with import(), so the
// browser would only learn of it once main.js has been fetched and run, one round trip
// and a script evaluation later. This writes into index.html a few lines that, from the
// address alone, ask at once for the current page's chunks (modulepreload) and styles
// (as the stylesheets Vite's loader would add: it then finds them and adds none),
// in parallel with main.js: the citizen's first frame comes sooner (see bench:media).
import type { Plugin } from 'vite';
import { ROUTES } from './src/router.ts';

/** The module main.tsx loads for each page of the router. */
const MODULES: Record<(typeof ROUTES)[number]['page'], string> = {
  home: 'pages/archive/archive-list.tsx',
  archive: 'pages/archive/archive-list.tsx',
  admin: 'pages/admin/admin-page.tsx',
  citizen: 'pages/citizen/citizen-page.tsx',
  display: 'pages/display/display-page.tsx',
  moderate: 'pages/moderate/moderate-page.tsx',
  archiveDebate: 'pages/archive/archive-debate.tsx',
  requests: 'pages/requests/requests-page.tsx',
  captioner: 'pages/captioner/captioner-page.tsx',
};

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
      for (const { page, path } of ROUTES) {
        const file = MODULES[page];
        const chunk = chunks.find((c) => c.facadeModuleId?.replaceAll('\\', '/').endsWith(`/src/${file}`));
        if (!chunk) this.error(`preload-pages: no chunk for ${file} (was it renamed? update client/preload-pages.ts)`);
        const files = [...closure(bundle, chunk.fileName)].filter((f) => !entryFiles.has(f));
        table.push([path.source, files]);
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
