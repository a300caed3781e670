import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  consumeInvitation,
  createInvitation,
  findInvitation,
  getParticipant,
  guestParticipantId,
  invitationCodeHash,
  listInvitations,
  listParticipants,
  newCitizenId,
  upsertParticipant,
} from '../../src/db/participants-repo.ts';
import { queryRows } from '../../src/db/pg-util.ts';
import { IdSchema } from '../../src/protocol/common.ts';
import { openTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { newDebate } from './fixtures.ts';

describe('participants repository', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(() => database.cleanup());

  it('upserts, gets and lists participants per debate', async () => {
    const d = await newDebate(database);
    const other = await newDebate(database);
    const citizen = newCitizenId();
    expect(IdSchema.safeParse(citizen).success).toBe(true);
    expect(citizen.startsWith('guest_')).toBe(false);
    const p = await upsertParticipant(database, { debateId: d.id, id: citizen, role: 'participant', displayName: 'Alice', groupId: 'pour' });
    expect(p).toMatchObject({ debateId: d.id, id: citizen, role: 'participant', displayName: 'Alice', groupId: 'pour', guestId: null, invitationId: null });
    const again = await upsertParticipant(database, { debateId: d.id, id: citizen, role: 'speaker', displayName: 'Alice B.' });
    expect(again).toMatchObject({ role: 'speaker', displayName: 'Alice B.', groupId: null, createdAt: p.createdAt });
    const guest = guestParticipantId('maire');
    expect(guest).toBe('guest_maire');
    await upsertParticipant(database, { debateId: d.id, id: guest, role: 'speaker', displayName: 'Mme la Maire', guestId: 'maire' });
    await upsertParticipant(database, { debateId: other.id, id: citizen, role: 'display', displayName: 'Écran' });

    expect(await getParticipant(database, d.id, citizen)).toEqual(again);
    expect(await getParticipant(database, d.id, 'nobody')).toBeNull();
    expect((await listParticipants(database, d.id)).map((x) => x.id).sort()).toEqual([citizen, guest].sort());
    expect((await listParticipants(database, other.id)).map((x) => x.role)).toEqual(['display']);
  });

  it('stores only the hash of an invitation code and consumes it once', async () => {
    const d = await newDebate(database);
    const { invitation, code } = await createInvitation(database, { debateId: d.id, kind: 'speaker', guestId: 'maire', displayName: 'Mme la Maire' });
    expect(code.length).toBeGreaterThanOrEqual(20);
    expect(invitation).toMatchObject({ debateId: d.id, kind: 'speaker', guestId: 'maire', displayName: 'Mme la Maire', usedAt: null, usedBy: null });
    expect(invitation).not.toHaveProperty('codeHash');
    const rows = await queryRows<{ code_hash: string }>(database.db, sql`select * from invitations where id = ${invitation.id}`);
    expect(rows[0]!.code_hash).toBe(invitationCodeHash(code));
    expect(JSON.stringify(rows)).not.toContain(code);

    expect(await findInvitation(database, d.id, code)).toEqual(invitation);
    const other = await newDebate(database);
    expect(await consumeInvitation(database, other.id, code, 'guest_maire')).toBeNull();
    expect(await consumeInvitation(database, d.id, 'wrong-code', 'guest_maire')).toBeNull();

    const used = await consumeInvitation(database, d.id, code, 'guest_maire');
    expect(used).toMatchObject({ id: invitation.id, usedBy: 'guest_maire' });
    expect(used!.usedAt).not.toBeNull();
    expect(await consumeInvitation(database, d.id, code, 'guest_maire')).toBeNull();
    expect((await findInvitation(database, d.id, code))!.usedBy).toBe('guest_maire');
  });

  it('lets exactly one of many concurrent redemptions win', async () => {
    const d = await newDebate(database);
    const { code } = await createInvitation(database, { debateId: d.id, kind: 'participant' });
    const attempts = await Promise.all(
      Array.from({ length: 25 }, (_, i) => consumeInvitation(database, d.id, code, `c${i}`)),
    );
    const winners = attempts.filter((a) => a !== null);
    expect(winners).toHaveLength(1);
    const stored = (await listInvitations(database, d.id))[0]!;
    expect(stored.usedBy).toBe(winners[0]!.usedBy);
  });

  it('gives every invitation its own code', async () => {
    const d = await newDebate(database);
    const made = await Promise.all(Array.from({ length: 10 }, () => createInvitation(database, { debateId: d.id, kind: 'participant' })));
    expect(new Set(made.map((m) => m.code)).size).toBe(10);
    expect(await listInvitations(database, d.id)).toHaveLength(10);
  });
});
