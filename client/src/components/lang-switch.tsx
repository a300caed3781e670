// FR / EN switch: two toggle buttons (aria-pressed), the choice persisted by i18n.ts.
import { LANGS, lang, setLang, t } from '../lib/i18n.ts';

const NAMES = { fr: 'Français', en: 'English' } as const;

export function LangSwitch() {
  return (
    <div class="lang-switch" role="group" aria-label={t('shell.language')}>
      {LANGS.map((l) => (
        <button
          type="button"
          key={l}
          lang={l}
          aria-pressed={lang.value === l}
          aria-label={NAMES[l]}
          onClick={() => setLang(l)}
        >
          {l.toUpperCase()}
        </button>
      ))}
    </div>
  );
}
