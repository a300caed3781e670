// Steps of the whole-debate browser test that read a page or the server: the countdown
// as rendered (to compare with the server's clock), the debate's log, the console's poll
// form, a citizen joining from /d/:id.
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { ADMIN_TOKEN, type TestApp } from '../../helpers/app.ts';
import { http } from '../../helpers/clients.ts';
import { shoot, type E2ePage } from './pages.ts';

/** The countdown of a page at its next re-render: what it shows, against the page's clock. */
export async function countdownSample(page: Page) {
  return page.evaluate(
    () =>
      new Promise<{ deadline: number; serverNow: number; localNow: number; text: string }>((resolve, reject) => {
        const g = globalThis as any;
        const el = g.document.querySelector('.countdown[data-deadline]');
        if (!el) return reject(new Error('no running countdown'));
        const observer = new g.MutationObserver(() => {
          observer.disconnect();
          resolve({
            deadline: Number(el.dataset.deadline),
            serverNow: Number(el.dataset.serverNow),
            localNow: Date.now(),
            text: el.querySelector('[role="timer"]').textContent,
          });
        });
        observer.observe(el, { attributes: true, attributeFilter: ['data-server-now'] });
        setTimeout(() => reject(new Error('the countdown did not tick')), 2000);
      }),
  );
}

export async function timeline(t: TestApp, debateId: string): Promise<{ type: string; payload: any }[]> {
  const res = await http(t, 'GET', `/api/debates/${debateId}/timeline?limit=1000`, { token: ADMIN_TOKEN });
  expect(res.status).toBe(200);
  return res.body.events;
}

/** The console's "new poll" form (a disclosure that stays open after a poll is created). */
export async function openPollForm(page: Page): Promise<void> {
  const details = page.locator('details.poll-form');
  if ((await details.getAttribute('open')) === null) await details.locator('summary').click();
}

export async function joinAs(p: E2ePage, baseUrl: string, debateId: string, name: string, shot?: string, navigate = true): Promise<void> {
  if (navigate) await p.page.goto(`${baseUrl}/d/${debateId}`);
  await p.page.getByLabel('Nom affiché').waitFor();
  if (shot) await shoot(p.page, shot);
  await p.page.getByLabel('Nom affiché').fill(name);
  await p.page.getByRole('button', { name: 'Rejoindre' }).click();
  await p.page.getByText(`Vous participez en tant que ${name}.`).waitFor();
}
