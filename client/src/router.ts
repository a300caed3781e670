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
  | { page: 'notFound' };

const ID = '([A-Za-z0-9_-]{1,64})';

const PATTERNS: [RegExp, (id: string) => Route][] = [
  [new RegExp(`^/d/${ID}/?$`), (debateId) => ({ page: 'citizen', debateId })],
  [new RegExp(`^/display/${ID}/?$`), (debateId) => ({ page: 'display', debateId })],
  [new RegExp(`^/moderate/${ID}/?$`), (debateId) => ({ page: 'moderate', debateId })],
  [new RegExp(`^/archive/${ID}/?$`), (debateId) => ({ page: 'archiveDebate', debateId })],
];

export function matchRoute(pathname: string): Route {
  if (pathname === '/' || pathname === '') return { page: 'home' };
  if (pathname === '/archive' || pathname === '/archive/') return { page: 'archive' };
  if (pathname === '/admin' || pathname === '/admin/') return { page: 'admin' };
  for (const [re, make] of PATTERNS) {
    const m = re.exec(pathname);
    if (m) return make(m[1]!);
  }
  return { page: 'notFound' };
}

/** Page paths the server must answer with index.html (SPA fallback). */
export const PAGE_PREFIXES = ['/d/', '/display/', '/moderate/', '/archive', '/admin'] as const;
