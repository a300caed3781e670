// The public addresses of a debate: the citizen page, its calendar entry, and the join
// link of an invitation. Pure: the base URL is the caller's (PUBLIC_URL or this server).

export function debateLinks(baseUrl: string, debateId: string): { join: string; ics: string } {
  return {
    join: `${baseUrl}/d/${debateId}`,
    ics: `${baseUrl}/api/debates/${debateId}/calendar.ics`,
  };
}

/** The code goes in the fragment: never sent to a server, so it stays out of access logs and Referer. */
export function invitationJoinUrl(baseUrl: string, debateId: string, code: string): string {
  return `${debateLinks(baseUrl, debateId).join}#invitation=${encodeURIComponent(code)}`;
}
