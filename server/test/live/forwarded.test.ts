// The typed forwarding between nodes: one schema per operation, parsed on arrival; what
// does not fit is VALIDATION_FAILED before it reaches a debate, and a forwarded command's
// payload is parsed again with its command's own schema.
import { describe, expect, it } from 'vitest';
import { parseForwarded, RESENDABLE_OPS } from '../../src/live/forwarded.ts';

const MOD = { kind: 'participant', id: 'mod', role: 'moderator', name: 'Modératrice' } as const;

describe('forwarded operations', () => {
  it('parses each operation by its own schema', () => {
    expect(parseForwarded({ op: 'closePoll', debateId: 'deb1', pollId: 'p1', actor: MOD, commandId: 'close-0001' })).toEqual({
      op: 'closePoll',
      debateId: 'deb1',
      pollId: 'p1',
      actor: MOD,
      commandId: 'close-0001',
    });
    expect(parseForwarded({ op: 'view', debateId: 'deb1', viewer: { role: 'display', participantId: null } }).op).toBe('view');
    expect([...RESENDABLE_OPS].sort()).toEqual(['presence', 'read', 'view']);
  });

  it('refuses what does not fit: unknown operation, the old positional shape, a bad key or field', () => {
    const refused = (raw: unknown) => {
      try {
        parseForwarded(raw);
        return 'accepted';
      } catch (err) {
        return (err as { code?: string }).code;
      }
    };
    expect(refused({ op: 'drop', debateId: 'deb1' })).toBe('VALIDATION_FAILED');
    expect(refused({ op: 'closePoll', debateId: 'deb1', args: ['p1', MOD] })).toBe('VALIDATION_FAILED');
    expect(refused({ op: 'closePoll', debateId: 'deb1', pollId: 'p1', actor: MOD, commandId: 'x' })).toBe('VALIDATION_FAILED');
    expect(refused({ op: 'transition', debateId: 'deb1', action: 'explode', actor: MOD })).toBe('VALIDATION_FAILED');
    // Ballots are never forwarded: any node writes them.
    expect(refused({ op: 'vote', debateId: 'deb1', pollId: 'p1', choices: [0], voterId: 'ana' })).toBe('VALIDATION_FAILED');
  });
});
