// The organizer page's access codes: generated ones are long, uniform over an
// unambiguous alphabet and accepted by the shared schema; short ones are flagged.
import { describe, expect, it } from 'vitest';
import {
  ACCESS_CODE_ALPHABET,
  GENERATED_ACCESS_CODE_LENGTH,
  generateAccessCode,
  isShortAccessCode,
} from '../../src/lib/access-code.ts';
import { ModalitiesSchema } from '../../../server/src/protocol/modalities.ts';
import { fr } from '../../src/lib/messages/fr.ts';
import { en } from '../../src/lib/messages/en.ts';

describe('access codes', () => {
  it('generates long codes from the alphabet, valid for the schema', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i += 1) {
      const code = generateAccessCode();
      expect(code).toHaveLength(GENERATED_ACCESS_CODE_LENGTH);
      expect([...code].every((c) => ACCESS_CODE_ALPHABET.includes(c))).toBe(true);
      expect(isShortAccessCode(code)).toBe(false);
      seen.add(code);
    }
    expect(seen.size).toBe(200);
    // ≥ 45 bits: far beyond what the join limits let anyone try.
    expect(GENERATED_ACCESS_CODE_LENGTH * Math.log2(ACCESS_CODE_ALPHABET.length)).toBeGreaterThan(45);
    const parsed = ModalitiesSchema.safeParse({
      format: 'hybrid',
      scheduledStart: '2026-12-03T18:30:00+01:00',
      plannedDurationMinutes: 90,
      interventionModes: ['oral'],
      joinPolicy: 'code',
      accessCode: generateAccessCode(),
    });
    expect(parsed.success).toBe(true);
  });

  it('has no modulo bias: bytes past the last full round of the alphabet are dropped', () => {
    const bytes = [255, 254, 248, 0, 30, 31, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14];
    const code = generateAccessCode((n) => Uint8Array.from({ length: n }, (_, i) => bytes[i % bytes.length]!));
    // 248 = 8 × 31 is the first refused byte; 0 → A, 30 → 9, 31 → A...
    expect(code.startsWith('A9AB')).toBe(true);
  });

  it('flags short codes, in French and in English', () => {
    expect(isShortAccessCode('1234')).toBe(true);
    expect(isShortAccessCode('  abcdefg ')).toBe(true);
    expect(isShortAccessCode('abcdefgh')).toBe(false);
    expect(isShortAccessCode('')).toBe(false);
    expect(fr['admin.form.accessCodeShort']).toMatch(/court/);
    expect(en['admin.form.accessCodeShort']).toMatch(/short/);
  });
});
