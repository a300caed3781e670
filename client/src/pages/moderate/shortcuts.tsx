// Keyboard shortcuts for the floor: N next, P pause / resume, + extend by 30 s, F end the
// turn. Ignored while typing in a field, with a modifier held, or when the action does
// not apply; the keys are shown in the page (ShortcutsHint) and on the buttons
// (aria-keyshortcuts).
import { useEffect, useRef } from 'preact/hooks';
import { t } from '../../lib/i18n.ts';

export interface FloorActions {
  enabled: boolean;
  next: (() => unknown) | null;
  pause: (() => unknown) | null;
  extend30: (() => unknown) | null;
  end: (() => unknown) | null;
}

export const SHORTCUT_KEYS = { next: 'N', pause: 'P', extend30: '+', end: 'F' } as const;

function typingIn(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || typeof el.closest !== 'function') return false;
  return el.isContentEditable || el.closest('input, textarea, select, [contenteditable="true"]') !== null;
}

/** The action a key press asks for, or null (pure, tested). */
export function shortcutFor(key: string, actions: FloorActions): (() => unknown) | null {
  if (!actions.enabled) return null;
  switch (key.toLowerCase()) {
    case 'n':
      return actions.next;
    case 'p':
      return actions.pause;
    case '+':
    case '=':
      return actions.extend30;
    case 'f':
      return actions.end;
    default:
      return null;
  }
}

export function useFloorShortcuts(actions: FloorActions): void {
  const current = useRef(actions);
  current.current = actions;
  useEffect(() => {
    const onKey = (ev: KeyboardEvent) => {
      if (ev.ctrlKey || ev.metaKey || ev.altKey || ev.repeat || typingIn(ev.target)) return;
      // Space belongs to the focused button, never to a shortcut.
      if (ev.key === ' ') return;
      const action = shortcutFor(ev.key, current.current);
      if (!action) return;
      ev.preventDefault();
      action();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
}

export function ShortcutsHint() {
  const rows: [string, Parameters<typeof t>[0]][] = [
    [SHORTCUT_KEYS.next, 'shortcuts.next'],
    [SHORTCUT_KEYS.pause, 'shortcuts.pause'],
    [SHORTCUT_KEYS.extend30, 'shortcuts.extend'],
    [SHORTCUT_KEYS.end, 'shortcuts.end'],
  ];
  return (
    <details class="shortcuts" open>
      <summary>
        {t('shortcuts.title')} <span class="muted small-text">({t('shortcuts.help')})</span>
      </summary>
      <ul class="shortcuts__list">
        {rows.map(([key, label]) => (
          <li key={key}>
            <kbd>{key}</kbd> {t(label)}
          </li>
        ))}
      </ul>
    </details>
  );
}
