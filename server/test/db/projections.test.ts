import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors.ts';
import { createEventStore, type ChainHead, type EventInput } from '../../src/db/event-store.ts';
import { getDebate } from '../../src/db/debates-repo.ts';
import { PROJECTED_EVENT_TYPES } from '../../src/db/projections.ts';
import { contributions, polls, questions, questionVotes, turns } from '../../src/db/schema.ts';
import { openTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { T0, moderator, modalities, newDebate, uid } from './fixtures.ts';

describe('projections', () => {
  let database: TestDatabase;
  let store: ReturnType<typeof createEventStore>;
  beforeAll(async () => {
    database = await openTestDatabase();
    store = createEventStore(database);
  });
  afterAll(() => database.cleanup());

  /** A debate with its own log; `emit` appends one event at T0 + offset. */
  async function debate() {
    const d = await newDebate(database);
    let head: ChainHead = { seq: 0, hash: '' };
    const emit = async (type: string, payload: unknown, offset = 0) => {
      const draft: EventInput = { at: T0 + offset, actor: moderator, type, payload };
      const [e] = await store.append(d.id, head, [draft]);
      head = { seq: e!.seq, hash: e!.hash };
      return e!;
    };
    return { id: d.id, emit };
  }

  it('has a handler for every event type of the brief', () => {
    expect([...PROJECTED_EVENT_TYPES].sort()).toEqual(
      expect.arrayContaining([
        'debate:announced', 'debate:started', 'debate:ended', 'debate:archived',
        'floor:granted', 'floor:extended', 'floor:expired', 'floor:ended',
        'poll:created', 'poll:proposed', 'poll:approved', 'poll:rejected', 'poll:opened', 'poll:closed',
        'question:asked', 'question:upvoted', 'question:approved', 'question:hidden', 'question:answered',
        'contribution:submitted', 'contribution:read', 'contribution:dismissed',
      ]),
    );
  });

  it('moves the debate through its lifecycle with the event times', async () => {
    const d = await debate();
    await d.emit('debate:announced', { at: T0 }, 0);
    expect(await getDebate(database, d.id)).toMatchObject({ status: 'scheduled', announcedAt: new Date(T0).toISOString(), startedAt: null });
    await d.emit('debate:started', { at: T0 + 1000 }, 1000);
    expect(await getDebate(database, d.id)).toMatchObject({ status: 'live', startedAt: new Date(T0 + 1000).toISOString() });
    await d.emit('debate:ended', { at: T0 + 2000 }, 2000);
    expect(await getDebate(database, d.id)).toMatchObject({ status: 'ended', endedAt: new Date(T0 + 2000).toISOString() });
    await d.emit('debate:archived', { at: T0 + 3000 }, 3000);
    const row = await getDebate(database, d.id);
    expect(row).toMatchObject({
      status: 'archived',
      announcedAt: new Date(T0).toISOString(),
      archivedAt: new Date(T0 + 3000).toISOString(),
      updatedAt: new Date(T0 + 3000).toISOString(),
    });
  });

  it('creates the debate row from debate:created and applies debate:updated', async () => {
    const id = uid('d');
    const m = modalities();
    const [created] = await store.append(id, { seq: 0, hash: '' }, [
      { at: T0, actor: { kind: 'admin' }, type: 'debate:created', payload: { debateId: id, title: 'Titre', description: null, location: 'Mairie', modalities: m } },
    ]);
    expect(await getDebate(database, id)).toMatchObject({ id, title: 'Titre', description: null, location: 'Mairie', status: 'draft', modalities: m });
    await store.append(id, { seq: 1, hash: created!.hash }, [
      { at: T0 + 5, actor: { kind: 'admin' }, type: 'debate:updated', payload: { title: 'Nouveau titre', description: 'Desc' } },
    ]);
    expect(await getDebate(database, id)).toMatchObject({ title: 'Nouveau titre', description: 'Desc', location: 'Mairie' });
  });

  it('records turns: granted, extended, paused, resumed, ended, expired', async () => {
    const d = await debate();
    const grant = (turnId: string, extra: object = {}) => ({
      turnId, participantId: 'c1', name: 'Alice', role: 'participant', group: 'pour', mode: 'oral',
      allottedMs: 180_000, grantedAt: T0, deadline: T0 + 180_000, agendaSlotId: null, contributionId: null,
      cappedByQuota: false, cutAt: T0 + 180_000, ...extra,
    });
    const t1 = uid('t');
    const t2 = uid('t');
    await d.emit('floor:granted', grant(t1));
    let [row] = await database.db.select().from(turns).where(eq(turns.id, t1));
    expect(row).toMatchObject({
      debateId: d.id, participantId: 'c1', name: 'Alice', role: 'participant', groupId: 'pour', mode: 'oral',
      allottedMs: 180_000, grantedAt: T0, deadline: T0 + 180_000, agendaSlotId: null, contributionId: null,
      cappedByQuota: false, status: 'active', endedAt: null,
    });
    await d.emit('floor:extended', { turnId: t1, addedMs: 60_000, allottedMs: 240_000, deadline: T0 + 240_000, remainingMs: 200_000, cutAt: T0 + 240_000 });
    [row] = await database.db.select().from(turns).where(eq(turns.id, t1));
    expect(row).toMatchObject({ allottedMs: 240_000, deadline: T0 + 240_000 });
    await d.emit('floor:paused', { turnId: t1, pausedAt: T0 + 50_000, remainingMs: 190_000, spokenMs: 50_000 });
    [row] = await database.db.select().from(turns).where(eq(turns.id, t1));
    expect(row!.deadline).toBeNull();
    await d.emit('floor:resumed', { turnId: t1, resumedAt: T0 + 60_000, deadline: T0 + 250_000, cutAt: T0 + 250_000 });
    [row] = await database.db.select().from(turns).where(eq(turns.id, t1));
    expect(row!.deadline).toBe(T0 + 250_000);
    await d.emit('floor:ended', { turnId: t1, participantId: 'c1', endedAt: T0 + 100_000, spokenMs: 90_000, overtimeMs: 0, reason: 'yielded' });
    [row] = await database.db.select().from(turns).where(eq(turns.id, t1));
    expect(row).toMatchObject({ status: 'ended', endedAt: T0 + 100_000, spokenMs: 90_000, overtimeMs: 0, endReason: 'yielded' });

    await d.emit('floor:granted', grant(t2, { participantId: 'guest_maire', role: 'speaker', group: null, mode: 'written', contributionId: 'k1', agendaSlotId: 's1', cappedByQuota: true, allottedMs: 30_000 }));
    await d.emit('floor:expired', { turnId: t2, participantId: 'guest_maire', endedAt: T0 + 30_000, spokenMs: 30_000, overtimeMs: 0, reason: 'expired' });
    [row] = await database.db.select().from(turns).where(eq(turns.id, t2));
    expect(row).toMatchObject({ role: 'speaker', groupId: null, mode: 'written', contributionId: 'k1', agendaSlotId: 's1', cappedByQuota: true, status: 'expired', endReason: 'expired', spokenMs: 30_000 });
  });

  it('records polls: created, proposed, approved, rejected, opened, closed', async () => {
    const d = await debate();
    const poll = (id: string, extra: object = {}) => ({
      id, question: 'Pour ou contre ?', kind: 'single', options: ['Pour', 'Contre'], maxChoices: 1, scaleMax: null,
      anonymous: true, visibility: 'live', autoCloseSeconds: 60, status: 'draft', createdBy: 'mod1', proposedBy: null,
      createdAt: T0, openedAt: null, closesAt: null, closedAt: null, results: null, closeReason: null, rejectReason: null, ...extra,
    });
    const p1 = uid('p');
    const p2 = uid('p');
    const p3 = uid('p');
    await d.emit('poll:created', { poll: poll(p1) });
    const [created] = await database.db.select().from(polls).where(eq(polls.id, p1));
    expect(created).toMatchObject({ debateId: d.id, question: 'Pour ou contre ?', kind: 'single', options: ['Pour', 'Contre'], maxChoices: 1, scaleMax: null, anonymous: true, visibility: 'live', autoCloseSeconds: 60, status: 'draft', createdBy: 'mod1', proposedBy: null, createdAt: T0 });

    await d.emit('poll:proposed', { poll: poll(p2, { status: 'proposed', createdBy: null, proposedBy: 'guest_maire', kind: 'scale', options: [], scaleMax: 5 }) });
    await d.emit('poll:approved', { pollId: p2 });
    await d.emit('poll:proposed', { poll: poll(p3, { status: 'proposed', proposedBy: 'guest_maire' }) });
    await d.emit('poll:rejected', { pollId: p3, reason: 'hors sujet' });
    const byId = async (id: string) => (await database.db.select().from(polls).where(eq(polls.id, id)))[0]!;
    expect(await byId(p2)).toMatchObject({ status: 'draft', proposedBy: 'guest_maire', kind: 'scale', scaleMax: 5 });
    expect(await byId(p3)).toMatchObject({ status: 'rejected', rejectReason: 'hors sujet' });

    await d.emit('poll:opened', { pollId: p1, openedAt: T0 + 10, closesAt: T0 + 60_010 });
    expect(await byId(p1)).toMatchObject({ status: 'open', openedAt: T0 + 10, closesAt: T0 + 60_010 });
    const results = { counts: [2, 1], totalBallots: 3 };
    await d.emit('poll:closed', { pollId: p1, closedAt: T0 + 30_000, reason: 'moderator', results, visibility: 'live' });
    expect(await byId(p1)).toMatchObject({ status: 'closed', closedAt: T0 + 30_000, closeReason: 'moderator', results });
  });

  it('records questions: asked, upvoted (one vote row per voter), approved, hidden, answered', async () => {
    const d = await debate();
    const q1 = uid('q');
    const q2 = uid('q');
    const ask = (id: string) => ({
      question: { id, text: 'Et le vélo ?', authorId: 'c1', authorName: 'Alice', status: 'pending', upvotes: 0, voters: [], askedAt: T0, answeredAt: null },
    });
    await d.emit('question:asked', ask(q1));
    await d.emit('question:asked', ask(q2));
    await d.emit('question:upvoted', { questionId: q1, participantId: 'c2', upvotes: 1 }, 10);
    await d.emit('question:upvoted', { questionId: q1, participantId: 'c3', upvotes: 2 }, 20);
    const byId = async (id: string) => (await database.db.select().from(questions).where(eq(questions.id, id)))[0]!;
    expect(await byId(q1)).toMatchObject({ debateId: d.id, text: 'Et le vélo ?', authorId: 'c1', authorName: 'Alice', status: 'pending', upvotes: 2, askedAt: T0 });
    const votes = await database.db.select().from(questionVotes).where(eq(questionVotes.questionId, q1));
    expect(votes.map((v) => [v.participantId, v.at]).sort()).toEqual([['c2', T0 + 10], ['c3', T0 + 20]]);

    // A second upvote by the same voter is a domain bug: the append fails as a whole.
    const err = await d.emit('question:upvoted', { questionId: q1, participantId: 'c2', upvotes: 3 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect((await byId(q1)).upvotes).toBe(2);

    await d.emit('question:approved', { questionId: q1, at: T0 + 100 }, 100);
    expect(await byId(q1)).toMatchObject({ status: 'approved', moderatedAt: T0 + 100 });
    await d.emit('question:answered', { questionId: q1, at: T0 + 200 }, 200);
    expect(await byId(q1)).toMatchObject({ status: 'answered', answeredAt: T0 + 200 });
    await d.emit('question:hidden', { questionId: q2, at: T0 + 300 }, 300);
    expect(await byId(q2)).toMatchObject({ status: 'hidden', moderatedAt: T0 + 300, answeredAt: null });
  });

  it('records contributions: submitted, read (with its turn), dismissed', async () => {
    const d = await debate();
    const k1 = uid('k');
    const k2 = uid('k');
    const contribution = (id: string, group: string | null) => ({
      id, text: 'Contribution écrite', authorId: 'c1', authorName: 'Alice', group, status: 'submitted', submittedAt: T0, readAt: null, turnId: null,
    });
    const submit = (id: string, group: string | null) => ({ contribution: contribution(id, group) });
    await d.emit('contribution:submitted', submit(k1, 'contre'));
    await d.emit('contribution:submitted', submit(k2, null));
    const byId = async (id: string) => (await database.db.select().from(contributions).where(eq(contributions.id, id)))[0]!;
    expect(await byId(k1)).toMatchObject({ debateId: d.id, text: 'Contribution écrite', authorId: 'c1', authorName: 'Alice', groupId: 'contre', status: 'submitted', submittedAt: T0, readAt: null });
    await d.emit('contribution:read', { contributionId: k1, turnId: 't9', contribution: { ...contribution(k1, 'contre'), status: 'read', readAt: T0 + 500, turnId: 't9' } }, 500);
    expect(await byId(k1)).toMatchObject({ status: 'read', readAt: T0 + 500, turnId: 't9' });
    await d.emit('contribution:dismissed', { contributionId: k2 }, 600);
    expect(await byId(k2)).toMatchObject({ status: 'dismissed', dismissedAt: T0 + 600, groupId: null });
  });

  it('keeps unknown event types in the log only', async () => {
    const d = await debate();
    const entry = { participantId: 'c1', name: 'Alice', role: 'participant', mode: 'oral', group: null, raisedAt: T0, priority: false };
    const e = await d.emit('queue:raised', { entry, position: 0 });
    expect(e.seq).toBe(1);
    expect((await store.load(d.id))[0]!.type).toBe('queue:raised');
  });

  it('refuses a payload that does not match the projected shape', async () => {
    const d = await debate();
    const err = await d.emit('floor:granted', { turnId: 't1' }).catch((x: unknown) => x);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('INTERNAL');
    expect(await store.head(d.id)).toEqual({ seq: 0, hash: '' });
  });
});
