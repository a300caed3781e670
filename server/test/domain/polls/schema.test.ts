import { describe, expect, it } from 'vitest';
import {
  PollApproveSchema,
  PollCreateSchema,
  PollDefinitionSchema,
  PollRejectSchema,
} from '../../../src/protocol/polls.ts';
import { MULTIPLE, SCALE, SINGLE } from './fixtures.ts';

function issuesOf(input: unknown): string[] {
  const r = PollDefinitionSchema.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe('poll definition schema', () => {
  it('accepts the three kinds and fills the defaults', () => {
    const single = PollDefinitionSchema.parse(SINGLE);
    expect(single).toMatchObject({ anonymous: false, visibility: 'live', autoCloseSeconds: null });
    expect(PollDefinitionSchema.parse(MULTIPLE).maxChoices).toBe(2);
    expect(PollDefinitionSchema.parse(SCALE)).toMatchObject({ options: [], scaleMax: 5 });
  });

  it('trims the question and labels', () => {
    const d = PollDefinitionSchema.parse({ ...SINGLE, question: '  Pour ?  ', options: [' a ', 'b'] });
    expect(d.question).toBe('Pour ?');
    expect(d.options).toEqual(['a', 'b']);
  });

  it.each([
    ['an empty question', { ...SINGLE, question: '   ' }, 'question'],
    ['a 301-char question', { ...SINGLE, question: 'x'.repeat(301) }, 'question'],
    ['one option', { ...SINGLE, options: ['seule'] }, 'options'],
    ['21 options', { ...SINGLE, options: Array.from({ length: 21 }, (_, i) => `o${i}`) }, 'options'],
    ['a 121-char label', { ...SINGLE, options: ['a', 'x'.repeat(121)] }, 'options.1'],
    ['an empty label', { ...SINGLE, options: ['a', ' '] }, 'options.1'],
    ['duplicate labels', { ...SINGLE, options: ['a', 'a'] }, 'options'],
    ['maxChoices on a single poll', { ...SINGLE, maxChoices: 1 }, 'maxChoices'],
    ['maxChoices above the option count', { ...MULTIPLE, maxChoices: 5 }, 'maxChoices'],
    ['maxChoices 0', { ...MULTIPLE, maxChoices: 0 }, 'maxChoices'],
    ['scaleMax on a single poll', { ...SINGLE, scaleMax: 5 }, 'scaleMax'],
    ['a scale without scaleMax', { question: 'q', kind: 'scale' }, 'scaleMax'],
    ['a scale of 7', { ...SCALE, scaleMax: 7 }, 'scaleMax'],
    ['a scale with options', { ...SCALE, options: ['a', 'b'] }, 'options'],
    ['autoClose under 5 s', { ...SINGLE, autoCloseSeconds: 4 }, 'autoCloseSeconds'],
    ['autoClose over a day', { ...SINGLE, autoCloseSeconds: 86_401 }, 'autoCloseSeconds'],
    ['an unknown visibility', { ...SINGLE, visibility: 'secret' }, 'visibility'],
    ['an unknown key', { ...SINGLE, extra: true }, ''],
  ])('refuses %s', (_label, input, path) => {
    const issues = issuesOf(input);
    expect(issues.length).toBeGreaterThan(0);
    expect(issues.some((i) => i.startsWith(`${path}:`))).toBe(true);
  });

  it('create takes openNow, the other payloads are strict', () => {
    expect(PollCreateSchema.parse({ ...SINGLE, openNow: true }).openNow).toBe(true);
    expect(PollCreateSchema.safeParse({ ...SCALE, options: ['a'], openNow: true }).success).toBe(false);
    expect(PollDefinitionSchema.safeParse({ ...SINGLE, openNow: true }).success).toBe(false);
    expect(PollApproveSchema.safeParse({ pollId: 'p1', extra: 1 }).success).toBe(false);
    expect(PollRejectSchema.safeParse({ pollId: 'p1', reason: 'x'.repeat(301) }).success).toBe(false);
  });
});
