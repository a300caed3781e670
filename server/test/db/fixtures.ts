// Shared builders for the persistence tests: a valid debate row, actors, unique ids.
import { randomBytes } from 'node:crypto';
import { ModalitiesSchema, type Modalities } from '../../src/protocol/modalities.ts';
import type { Actor } from '../../src/domain/types.ts';
import type { Database } from '../../src/db/client.ts';
import { createDebate, type Debate } from '../../src/db/debates-repo.ts';

export const T0 = Date.UTC(2026, 10, 28, 18, 0, 0);

export const moderator: Actor = { kind: 'participant', id: 'mod1', role: 'moderator', name: 'Modératrice' };
export const system: Actor = { kind: 'system' };

export const uid = (prefix: string): string => `${prefix}_${randomBytes(6).toString('hex')}`;

export function modalities(): Modalities {
  return ModalitiesSchema.parse({
    format: 'hybrid',
    scheduledStart: '2026-11-28T18:00:00+01:00',
    plannedDurationMinutes: 90,
    interventionModes: ['oral', 'written'],
    groups: [
      { id: 'pour', name: 'Pour' },
      { id: 'contre', name: 'Contre', quotaSeconds: 600 },
    ],
  });
}

export function newDebate(database: Database, title = 'Le tramway doit-il passer par le centre ?'): Promise<Debate> {
  return createDebate(database, { id: uid('d'), title, modalities: modalities() });
}
