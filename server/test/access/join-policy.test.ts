// The rules of getting into a debate, without a database: which debates take joins and
// invitations, the three join policies, and who an invitation lets in. Through the real
// server (transactions, single use under concurrency): http/access.test.ts.
import { describe, expect, it } from 'vitest';
import {
  admitByPolicy,
  invitationFor,
  invitationIdentity,
  joinable,
} from '../../src/access/join-policy.ts';
import type { Debate } from '../../src/db/debates-repo.ts';
import type { Invitation } from '../../src/db/participants-repo.ts';
import { ModalitiesSchema, type DebateStatus, type ModalitiesInput } from '../../src/protocol/modalities.ts';
import { modalities as input } from '../helpers/clients.ts';

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (err) {
    return (err as { code?: string }).code;
  }
  return undefined;
};

function debate(status: DebateStatus, m: Partial<ModalitiesInput> = {}): Debate {
  const at = '2026-11-28T18:00:00.000Z';
  return {
    id: 'deb_1',
    title: 'Budget',
    description: null,
    location: null,
    status,
    modalities: ModalitiesSchema.parse(input(m)),
    createdAt: at,
    updatedAt: at,
    announcedAt: null,
    startedAt: null,
    endedAt: null,
    archivedAt: null,
    cancelledAt: null,
    cancelReason: null,
    postponedFrom: null,
    postponeReason: null,
  };
}

function invitation(o: Partial<Invitation>): Invitation {
  return { id: 'inv_1', debateId: 'deb_1', kind: 'participant', guestId: null, displayName: null, createdAt: '', usedAt: null, usedBy: null, ...o };
}

describe('join policy', () => {
  it('lets people join scheduled and live debates only', () => {
    expect(codeOf(() => joinable(null, 'deb_1'))).toBe('DEBATE_NOT_FOUND');
    expect(codeOf(() => joinable(debate('draft'), 'deb_1'))).toBe('DEBATE_NOT_FOUND');
    for (const s of ['ended', 'archived'] as const) expect(codeOf(() => joinable(debate(s), 'deb_1'))).toBe('DEBATE_NOT_LIVE');
    for (const s of ['scheduled', 'live'] as const) expect(joinable(debate(s), 'deb_1').status).toBe(s);
  });

  it('open needs a name, code also the code, invite an invitation', () => {
    const open = debate('live').modalities;
    expect(admitByPolicy('deb_1', open, { displayName: 'Camille' }, 'c1')).toEqual({
      claims: { sub: 'c1', debateId: 'deb_1', role: 'participant', name: 'Camille' },
      groupId: null,
    });
    expect(codeOf(() => admitByPolicy('deb_1', open, {}, 'c1'))).toBe('VALIDATION_FAILED');

    const code = debate('live', { joinPolicy: 'code', accessCode: 'porte-42' }).modalities;
    expect(admitByPolicy('deb_1', code, { displayName: 'Eve', accessCode: 'porte-42' }, 'c2').claims.sub).toBe('c2');
    expect(codeOf(() => admitByPolicy('deb_1', code, { displayName: 'Eve', accessCode: 'porte-41' }, 'c2'))).toBe('INVALID_ACCESS_CODE');
    expect(codeOf(() => admitByPolicy('deb_1', code, { displayName: 'Eve' }, 'c2'))).toBe('INVALID_ACCESS_CODE');

    const invite = debate('live', { joinPolicy: 'invite' }).modalities;
    expect(codeOf(() => admitByPolicy('deb_1', invite, { displayName: 'Eve' }, 'c3'))).toBe('INVALID_INVITATION');
  });

  it('an invitation lets in its guest, or a citizen under the name given or pre-filled; once', () => {
    const m = debate('live', { joinPolicy: 'invite' }).modalities;
    expect(invitationIdentity('deb_1', m, invitation({ kind: 'speaker', guestId: 'alice' }), 'ignored', 'c1')).toEqual({
      claims: { sub: 'guest_alice', debateId: 'deb_1', role: 'speaker', name: 'Alice Martin', guestId: 'alice' },
      groupId: 'pour',
    });
    expect(invitationIdentity('deb_1', m, invitation({ displayName: 'Dominique' }), undefined, 'c1').claims).toMatchObject({ sub: 'c1', name: 'Dominique' });
    expect(invitationIdentity('deb_1', m, invitation({ displayName: 'Dominique' }), 'Dom', 'c1').claims.name).toBe('Dom');
    expect(codeOf(() => invitationIdentity('deb_1', m, invitation({}), undefined, 'c1'))).toBe('VALIDATION_FAILED');
    expect(codeOf(() => invitationIdentity('deb_1', m, null, 'Eve', 'c1'))).toBe('INVALID_INVITATION');
    expect(codeOf(() => invitationIdentity('deb_1', m, invitation({ usedAt: '2026-11-28T18:00:00Z' }), 'Eve', 'c1'))).toBe('INVALID_INVITATION');
    // A guest removed from the modalities since: the invitation no longer works.
    expect(codeOf(() => invitationIdentity('deb_1', m, invitation({ kind: 'speaker', guestId: 'bob' }), undefined, 'c1'))).toBe('INVALID_INVITATION');
  });

  it('invitations are created while the debate takes people, for its own guests', () => {
    expect(invitationFor(debate('draft'), { kind: 'speaker', guestId: 'alice', displayName: 'x' })).toEqual({
      debateId: 'deb_1',
      kind: 'speaker',
      guestId: 'alice',
      displayName: null,
    });
    expect(invitationFor(debate('live'), { kind: 'participant', guestId: 'alice', displayName: 'Eve' })).toMatchObject({ guestId: null, displayName: 'Eve' });
    expect(codeOf(() => invitationFor(debate('live'), { kind: 'speaker', guestId: 'bob' }))).toBe('VALIDATION_FAILED');
    expect(codeOf(() => invitationFor(debate('ended'), { kind: 'participant' }))).toBe('DEBATE_NOT_LIVE');
  });
});
