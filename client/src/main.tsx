// Entry point of the browser client: picks the page for the current path (router.ts),
// loads only that page's code (the archive does not need the realtime stack), and keeps
// the document's language and title in step with the language switch.
import './lib/zod-config.ts';
import { render, type ComponentType } from 'preact';
import { effect } from '@preact/signals';
import { lang, t } from './lib/i18n.ts';
import { matchRoute, type Route } from './router.ts';
import { AppShell } from './components/app-shell.tsx';
import './styles.css';

type PageModule = ComponentType<Record<string, unknown>>;

function loadPage(route: Route): Promise<PageModule> {
  switch (route.page) {
    case 'home':
    case 'archive':
      return import('./pages/archive/archive-list.tsx').then((m) => m.ArchiveList as PageModule);
    case 'admin':
      return import('./pages/admin/admin-page.tsx').then((m) => m.AdminPage as PageModule);
    case 'archiveDebate':
      return import('./pages/archive/archive-debate.tsx').then((m) => m.ArchiveDebate as PageModule);
    case 'citizen':
      return import('./pages/citizen/citizen-page.tsx').then((m) => m.CitizenPage as PageModule);
    case 'display':
      return import('./pages/display/display-page.tsx').then((m) => m.DisplayPage as PageModule);
    case 'moderate':
      return import('./pages/moderate/moderate-page.tsx').then((m) => m.ModeratePage as PageModule);
    case 'requests':
      return import('./pages/requests/requests-page.tsx').then((m) => m.RequestsPage as PageModule);
    case 'captioner':
      return import('./pages/captioner/captioner-page.tsx').then((m) => m.CaptionerPage as PageModule);
    case 'notFound':
      return Promise.resolve(NotFound);
  }
}

function NotFound() {
  return (
    <AppShell title={t('notFound.title')}>
      <h1>{t('notFound.title')}</h1>
      <p>
        <a href="/">{t('notFound.home')}</a>
      </p>
    </AppShell>
  );
}

function propsOf(route: Route): Record<string, unknown> {
  if (route.page === 'home') return { home: true };
  return 'debateId' in route ? { debateId: route.debateId } : {};
}

const route = matchRoute(location.pathname);
const root = document.getElementById('app')!;
document.body.classList.toggle('is-display', route.page === 'display');
effect(() => {
  document.documentElement.lang = lang.value;
  document.title = `Tribune · ${t(`pageTitle.${route.page}`)}`;
});
loadPage(route)
  .then((Page) => render(<Page {...propsOf(route)} />, root))
  .catch(() => {
    // A chunk that failed to load (a new deployment, a dropped connection): say so.
    root.textContent = t('err.OFFLINE');
  });
