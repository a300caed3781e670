// Live captions. On the citizen page: a panel with the reader's own settings (captions on
// or off, text size, high contrast: kept in this browser), the last three lines attributed
// to their speaker, and one polite live region that announces each final line once — the
// lines themselves are not live (a partial hypothesis rewrites itself many times a
// second and would flood a screen reader). On the room display: two large lines at the
// bottom, shown while the console has switched them on.
import { useSignal } from '@preact/signals';
import type { LiveDebate } from '../lib/live.ts';
import type { CaptionLine } from '../lib/captions.ts';
import { t } from '../lib/i18n.ts';

type Size = 'normal' | 'large' | 'xlarge';
interface Prefs {
  on: boolean;
  size: Size;
  contrast: boolean;
}
const PREFS_KEY = 'tribune.captions';
const DEFAULT_PREFS: Prefs = { on: true, size: 'normal', contrast: false };

function loadPrefs(): Prefs {
  try {
    const raw = JSON.parse(localStorage.getItem(PREFS_KEY) ?? 'null') as Partial<Prefs> | null;
    if (!raw) return DEFAULT_PREFS;
    return {
      on: typeof raw.on === 'boolean' ? raw.on : DEFAULT_PREFS.on,
      size: raw.size === 'large' || raw.size === 'xlarge' ? raw.size : 'normal',
      contrast: raw.contrast === true,
    };
  } catch {
    // Storage refused or garbled: the defaults.
    return DEFAULT_PREFS;
  }
}

function Line(props: { line: CaptionLine }) {
  const { line } = props;
  return (
    <p class={`captions__line${line.final ? '' : ' captions__line--partial'}`} data-segment={line.segmentId}>
      {line.speakerName ? <span class="captions__speaker">{t('captions.speaker', { name: line.speakerName })}</span> : null}
      <span class="captions__text">{line.text}</span>
    </p>
  );
}

export function CaptionsPanel(props: { live: LiveDebate }) {
  const prefs = useSignal<Prefs>(loadPrefs());
  const set = (patch: Partial<Prefs>) => {
    prefs.value = { ...prefs.value, ...patch };
    try {
      localStorage.setItem(PREFS_KEY, JSON.stringify(prefs.value));
    } catch {
      // Private mode: the choice lasts for this page only.
    }
  };
  const feed = props.live.captions;
  const lines = feed.visible(3);
  const said = feed.announce.value;
  const p = prefs.value;
  return (
    <section class="card captions-card" aria-labelledby="captions-title">
      <h2 id="captions-title">{t('captions.title')}</h2>
      <div class="captions__settings">
        <label>
          <input type="checkbox" checked={p.on} onChange={(e) => set({ on: e.currentTarget.checked })} /> {t('captions.show')}
        </label>
        <label>
          {t('captions.size')}{' '}
          <select value={p.size} onChange={(e) => set({ size: e.currentTarget.value as Size })}>
            {(['normal', 'large', 'xlarge'] as const).map((s) => (
              <option value={s}>{t(`captions.size.${s}`)}</option>
            ))}
          </select>
        </label>
        <label>
          <input type="checkbox" checked={p.contrast} onChange={(e) => set({ contrast: e.currentTarget.checked })} /> {t('captions.contrast')}
        </label>
      </div>
      {p.on ? (
        <div class={`captions captions--${p.size}${p.contrast ? ' captions--contrast' : ''}`} data-testid="captions" aria-hidden="true">
          {lines.length === 0 ? <p class="captions__empty">{t('captions.none')}</p> : lines.map((l) => <Line key={l.segmentId} line={l} />)}
        </div>
      ) : null}
      <div class="visually-hidden" role="log" aria-live="polite" aria-atomic="true">
        {p.on && said ? (
          <span key={said.n}>{said.line.speakerName ? t('captions.line', { name: said.line.speakerName, text: said.line.text }) : said.line.text}</span>
        ) : null}
      </div>
    </section>
  );
}

/** The room display's two lines; nothing while the console has them off. */
export function DisplayCaptions(props: { live: LiveDebate; on: boolean }) {
  if (!props.on) return null;
  const lines = props.live.captions.visible(2);
  return (
    <div class="display-captions" data-testid="display-captions">
      {lines.map((l) => (
        <Line key={l.segmentId} line={l} />
      ))}
    </div>
  );
}
