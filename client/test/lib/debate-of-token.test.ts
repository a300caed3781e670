// The debate id a socket advertises to a proxy comes from the token's payload.
import { describe, expect, it } from 'vitest';
import { debateOfToken } from '../../src/lib/socket.ts';

const b64url = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');

describe('debateOfToken', () => {
  it('reads debateId from a JWT payload (base64url, unpadded)', () => {
    const token = `${b64url({ alg: 'HS256' })}.${b64url({ sub: 'p_1', role: 'participant', debateId: 'deb_Zx-9_a' })}.sig`;
    expect(debateOfToken(token)).toBe('deb_Zx-9_a');
  });

  it('answers null for anything else', () => {
    expect(debateOfToken('not-a-token')).toBeNull();
    expect(debateOfToken(`a.${b64url({ debateId: 42 })}.c`)).toBeNull();
    expect(debateOfToken('a.%%%.c')).toBeNull();
  });
});
