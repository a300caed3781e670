// The frame of every page: a skip link, the header with the site name, the page title and
// the language switch, then the page's main landmark (and an optional footer).
import type { ComponentChildren } from 'preact';
import { t } from '../lib/i18n.ts';
import { LangSwitch } from './lang-switch.tsx';

export function AppShell(props: { title: string; subtitle?: string; children: ComponentChildren; wide?: boolean; footer?: ComponentChildren }) {
  return (
    <>
      <a class="skip-link" href="#main">
        {t('shell.skip')}
      </a>
      <header class="site-header">
        <a class="brand" href="/">
          Tribune
        </a>
        <div class="site-header__title">
          <span class="site-header__page">{props.title}</span>
          {props.subtitle ? <span class="site-header__sub">{props.subtitle}</span> : null}
        </div>
        <LangSwitch />
      </header>
      <main id="main" class={props.wide ? 'page page--wide' : 'page'} tabIndex={-1}>
        {props.children}
      </main>
      {props.footer ? <footer class="site-footer">{props.footer}</footer> : null}
    </>
  );
}
