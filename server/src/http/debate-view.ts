// How a debate row is shown over REST: timestamps as ms, links for citizens and calendars,
// and the access code only for admins and the debate's moderators.
import type { FastifyInstance } from 'fastify';
import { debateLinks } from '../access/links.ts';
import { publicModalities } from '../access/visibility.ts';
import { publicBaseUrl } from '../config.ts';
import type { Debate } from '../db/debates-repo.ts';
import type { DebateDto } from '../protocol/rest.ts';

export type DebateRow = Debate;

/** The public base URL, or this server's own address when PUBLIC_URL is not set. */
export function baseUrlOf(app: FastifyInstance): string {
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : undefined;
  return publicBaseUrl(app.config, port);
}

/** The repository maps timestamps to ISO strings; the protocol speaks ms. */
export const msOf = (iso: string): number => Date.parse(iso);
const ms = (iso: string | null): number | null => (iso ? Date.parse(iso) : null);

export function toDebateDto(row: DebateRow, staff: boolean, baseUrl: string): DebateDto {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    location: row.location,
    status: row.status,
    modalities: publicModalities(row.modalities, staff),
    createdAt: msOf(row.createdAt),
    updatedAt: msOf(row.updatedAt),
    announcedAt: ms(row.announcedAt),
    startedAt: ms(row.startedAt),
    endedAt: ms(row.endedAt),
    archivedAt: ms(row.archivedAt),
    cancelledAt: ms(row.cancelledAt),
    cancelReason: row.cancelReason,
    postponedFrom: row.postponedFrom,
    postponeReason: row.postponeReason,
    links: debateLinks(baseUrl, row.id),
  };
}
