// FR / EN switch: two toggle buttons (aria-pressed), the choice persisted by i18n.ts.
// The visible code starts the accessible name ("FR Français"), so speech input users can
// say what they see and screen readers hear the language's name, in that language.
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
          onClick={() => setLang(l)}
        >
          {l.toUpperCase()}
          <span class="visually-hidden"> {NAMES[l]}</span>
        </button>
      ))}
    </div>
  );
}
