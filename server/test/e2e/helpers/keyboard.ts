// Keyboard reachability: tabs through a page from the top and lists the visible,
// enabled controls the Tab key never reached (links, buttons, fields, video controls,
// one radio per group), so a test can require that everything works without a mouse.
import type { Page } from 'playwright-core';

interface Control {
  id: string;
  label: string;
  radioGroup: string | null;
}

const SELECTOR =
  'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"]), video[controls], audio[controls], details > summary';

export async function unreachableByKeyboard(page: Page, maxTabs = 400): Promise<string[]> {
  const controls: Control[] = await page.evaluate((selector: string) => {
    // Runs in the page: the server's tsconfig has no DOM types.
    const g = globalThis as any;
    const out: { id: string; label: string; radioGroup: string | null }[] = [];
    let i = 0;
    for (const el of g.document.querySelectorAll(selector)) {
      const r = el.getBoundingClientRect();
      const style = g.getComputedStyle(el);
      if ((r.width === 0 && r.height === 0) || style.visibility === 'hidden' || style.display === 'none') continue;
      if (el.tagName !== 'SUMMARY' && el.closest('details:not([open])')) continue;
      const radioGroup = el.type === 'radio' ? String(el.name) : null;
      if (radioGroup && out.some((c) => c.radioGroup === radioGroup)) continue;
      const id = String(i++);
      el.setAttribute('data-kb', id);
      const label = (el.getAttribute('aria-label') || el.textContent || el.id || el.tagName).trim().replace(/\s+/g, ' ').slice(0, 80);
      out.push({ id, label: `${el.tagName.toLowerCase()} "${label}"`, radioGroup });
    }
    return out;
  }, SELECTOR);
  await page.evaluate(() => (globalThis as any).document.activeElement?.blur?.());
  const seen = new Set<string>();
  let first: string | null = null;
  for (let n = 0; n < maxTabs; n += 1) {
    await page.keyboard.press('Tab');
    const at: string | null = await page.evaluate(() => {
      const a = (globalThis as any).document.activeElement;
      if (!a || a.tagName === 'BODY') return null;
      if (a.type === 'radio') return `radio:${a.name}`;
      return a.closest('[data-kb]')?.getAttribute('data-kb') ?? `other:${a.tagName}`;
    });
    if (at === null) continue;
    if (at === first) break;
    first ??= at;
    seen.add(at);
  }
  return controls.filter((c) => !seen.has(c.radioGroup ? `radio:${c.radioGroup}` : c.id)).map((c) => c.label);
}
