// The client's routes. One SPA: the server answers every page path with index.html and
// this maps the path to a page. Pure, so it is unit-tested.
export type Route =
  | { page: 'home' }
  | { page: 'admin' }
  | { page: 'citizen'; debateId: string }
  | { page: 'display'; debateId: string }
  | { page: 'moderate'; debateId: string }
  | { page: 'archive' }
  | { page: 'archiveDebate'; debateId: string }
  | { page: 'requests' }
  | { page: 'captioner'; debateId: string }
  | { page: 'notFound' };

const ID = '([A-Za-z0-9_-]{1,64})';

type PageName = Exclude<Route['page'], 'notFound'>;

/**
 * Each page and the addresses that open it (the capture is the debate id). The build
 * reads it too: index.html preloads the page's code from the same table (preload-pages.ts).
 */
export const ROUTES: readonly { page: PageName; path: RegExp }[] = [
  { page: 'home', path: /^\/?$/ },
  { page: 'archive', path: /^\/archive\/?$/ },
  { page: 'admin', path: /^\/admin\/?$/ },
  { page: 'citizen', path: new RegExp(`^/d/${ID}/?$`) },
  { page: 'display', path: new RegExp(`^/display/${ID}/?$`) },
  { page: 'moderate', path: new RegExp(`^/moderate/${ID}/?$`) },
  { page: 'archiveDebate', path: new RegExp(`^/archive/${ID}/?$`) },
  { page: 'requests', path: /^\/requests\/?$/ },
  { page: 'captioner', path: new RegExp(`^/caption/${ID}/?$`) },
];

export function matchRoute(pathname: string): Route {
  for (const { page, path } of ROUTES) {
    const m = path.exec(pathname);
    if (m) return (m[1] === undefined ? { page } : { page, debateId: m[1] }) as Route;
  }
  return { page: 'notFound' };
}

/** Page paths the server must answer with index.html (SPA fallback). */
export const PAGE_PREFIXES = ['/d/', '/display/', '/moderate/', '/archive', '/admin', '/requests', '/caption/'] as const;
