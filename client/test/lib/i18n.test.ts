// Message catalogs and error sentences: both languages complete and consistent, every
// server error code has its own sentence, placeholders and plurals filled, and the
// language choice persisted.
import { describe, expect, it } from 'vitest';
import { ERROR_STATUS } from '../../../server/src/protocol/errors.ts';
import { errorMessage, formatDateTime, formatNumber, setLang, lang, t, TRANSLATED_ERROR_CODES } from '../../src/lib/i18n.ts';
import { fr, type MessageKey } from '../../src/lib/messages/fr.ts';
import { en } from '../../src/lib/messages/en.ts';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)[}|]/g)].map((m) => m[1]).sort();

describe('catalogs', () => {
  it('have the same keys, no empty message and the same placeholders', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(fr).sort());
    for (const key of Object.keys(fr) as MessageKey[]) {
      expect(fr[key].trim(), key).not.toBe('');
      expect(en[key].trim(), key).not.toBe('');
      expect(placeholders(en[key]), key).toEqual(placeholders(fr[key]));
    }
  });

  it('fills placeholders and picks plural forms per language', () => {
    expect(t('questions.upvotes', { count: 0 }, 'fr')).toBe('0 soutien');
    expect(t('questions.upvotes', { count: 1 }, 'fr')).toBe('1 soutien');
    expect(t('questions.upvotes', { count: 3 }, 'fr')).toBe('3 soutiens');
    expect(t('questions.upvotes', { count: 0 }, 'en')).toBe('0 upvotes');
    expect(t('questions.upvotes', { count: 1 }, 'en')).toBe('1 upvote');
    expect(t('hand.positionOral', { position: 2 }, 'fr')).toBe('Vous êtes en position 2 dans la file (à l’oral).');
    expect(t('announce.floorGranted', undefined, 'en')).toBe('{name} has the floor.');
  });
});

describe('error sentences', () => {
  it('every code of the server catalog has its own sentence, in both languages', () => {
    for (const code of Object.keys(ERROR_STATUS)) {
      expect(TRANSLATED_ERROR_CODES, code).toContain(code);
      for (const l of ['fr', 'en'] as const) {
        const sentence = errorMessage({ code }, l);
        expect(sentence).not.toContain(code);
        expect(sentence).not.toBe(errorMessage({ code: 'SOMETHING_UNKNOWN' }, l));
      }
    }
  });

  it('never shows a raw code, even an unknown one', () => {
    expect(errorMessage({ code: 'WEIRD_NEW_CODE' }, 'fr')).toBe('Une erreur est survenue. Réessayez dans un instant.');
    expect(errorMessage({ code: 'QUOTA_EXHAUSTED' }, 'fr')).toBe('Ce camp a épuisé son temps de parole.');
    expect(errorMessage({ code: 'TIMEOUT' }, 'en')).toMatch(/not answering/);
  });

  it('names the refused fields in words, not the validator messages', () => {
    const details = [
      { path: 'displayName', message: 'Too small: expected string to have >=1 characters' },
      { path: 'options.1', message: 'Invalid' },
      { path: 'whatever', message: 'x' },
    ];
    const fr = errorMessage({ code: 'VALIDATION_FAILED', details }, 'fr');
    expect(fr).toBe('Certaines informations sont manquantes ou incorrectes. À vérifier\u00a0: nom affiché, réponses possibles.');
    expect(fr).not.toContain('Too small');
  });
});

describe('language switch', () => {
  it('defaults to French and persists the choice', () => {
    const store = new Map<string, string>();
    const g = globalThis as { localStorage?: unknown };
    g.localStorage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => store.set(k, v) };
    try {
      expect(lang.value).toBe('fr');
      expect(t('vote.submit')).toBe('Voter');
      setLang('en');
      expect(t('vote.submit')).toBe('Vote');
      expect(store.get('tribune.lang')).toBe('en');
    } finally {
      setLang('fr');
      delete g.localStorage;
    }
  });
});

describe('French and English typography', () => {
  it('writes the first of the month as "1er" in French only', () => {
    const first = '2026-12-01T18:30:00+01:00';
    const second = '2026-12-02T18:30:00+01:00';
    expect(formatDateTime(first, 'fr')).toMatch(/^1er décembre 2026/);
    expect(formatDateTime(second, 'fr')).toMatch(/^2 décembre 2026/);
    expect(formatDateTime('2026-11-11T10:00:00+01:00', 'fr')).toMatch(/^11 novembre 2026/);
    expect(formatDateTime(first, 'en')).toMatch(/^1 December 2026/);
  });

  it('uses the decimal comma in French and the point in English', () => {
    expect(formatNumber(5, 2, 'fr')).toBe('5,00');
    expect(formatNumber(3.456, 2, 'fr')).toBe('3,46');
    expect(formatNumber(5, 2, 'en')).toBe('5.00');
  });

  it('puts no space before a colon in English and uses typographic apostrophes in French', () => {
    expect(t('common.colon', undefined, 'en')).toBe(': ');
    expect(t('common.colon', undefined, 'fr')).toBe('\u00a0: ');
    for (const [key, text] of Object.entries(en)) expect(text, key).not.toMatch(/\s:(\s|$)/);
    for (const [key, text] of Object.entries(fr)) expect(text, key).not.toMatch(/\p{L}'\p{L}/u);
  });

  it('puts a no-break space before : ; ? ! and inside « » in every French message', () => {
    const NO_BREAK = '[\\u00a0\\u202f]';
    for (const [key, text] of Object.entries(fr)) {
      // A plain (breaking) space, or none at all, before high punctuation; times (18:30) and URLs aside.
      expect(text, key).not.toMatch(/ [:;?!]/);
      expect(text, key).not.toMatch(/[\p{L}\d)}»][;?!]/u);
      expect(text, key).not.toMatch(/\p{L}:(?!\/\/)/u);
      expect(text, key).not.toMatch(new RegExp(`«(?!${NO_BREAK})|(?<!${NO_BREAK})»`));
    }
  });
});
