// Tribune's REST surface as the benchmark uses it: create, announce and start a debate,
// get a moderator token, join many participants with bounded concurrency, read a poll's
// audit. Every request has a timeout; 429/503 are retried a bounded number of times.

export interface Joined {
  token: string;
  participantId: string;
}

export interface PollAudit {
  ballotRows: number;
  results: { counts: number[]; totalBallots: number };
  digest: string;
}

export interface JoinStats {
  ms: number;
  retries: number;
  perSecond: number;
}

const REQUEST_TIMEOUT_MS = 15_000;

export class RestError extends Error {
  constructor(
    readonly route: string,
    readonly status: number,
    readonly body: string,
  ) {
    super(`${route} -> HTTP ${status}: ${body.slice(0, 300)}`);
  }
}

export class TribuneRest {
  retries = 0;

  constructor(
    readonly baseUrl: string,
    private readonly adminToken: string,
  ) {}

  private async call<T>(method: string, path: string, body: unknown, admin: boolean): Promise<T> {
    const route = `${method} ${path}`;
    for (let attempt = 0; ; attempt++) {
      const headers: Record<string, string> = {};
      if (body !== undefined) headers['content-type'] = 'application/json';
      if (admin) headers.authorization = `Bearer ${this.adminToken}`;
      const res = await fetch(this.baseUrl + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      const text = await res.text();
      if ((res.status === 429 || res.status === 503) && attempt < 5) {
        this.retries++;
        const after = Number(res.headers.get('retry-after'));
        await sleep(Number.isFinite(after) && after > 0 ? Math.min(after, 5) * 1000 : 200 * 2 ** attempt);
        continue;
      }
      if (res.status < 200 || res.status >= 300) throw new RestError(route, res.status, text);
      return (text ? JSON.parse(text) : {}) as T;
    }
  }

  async createStartedDebate(title: string): Promise<string> {
    const created = await this.call<{ debate: { id: string } }>(
      'POST',
      '/api/debates',
      {
        title,
        modalities: {
          format: 'hybrid',
          scheduledStart: new Date(Date.now() + 60_000).toISOString(),
          plannedDurationMinutes: 60,
          interventionModes: ['oral', 'written'],
          pollsEnabled: true,
          joinPolicy: 'open',
        },
      },
      true,
    );
    const id = created.debate?.id;
    if (typeof id !== 'string') throw new Error(`POST /api/debates: no debate.id in ${JSON.stringify(created)}`);
    await this.call('POST', `/api/debates/${id}/announce`, undefined, true);
    await this.call('POST', `/api/debates/${id}/start`, undefined, true);
    return id;
  }

  async moderatorToken(debateId: string): Promise<string> {
    // An empty object, not no body: the route validates the body as an object (null is refused).
    const res = await this.call<{ token: string }>('POST', `/api/debates/${debateId}/tokens/moderator`, {}, true);
    if (typeof res.token !== 'string') throw new Error('tokens/moderator: no token in response');
    return res.token;
  }

  join(debateId: string, displayName: string): Promise<Joined> {
    return this.call<Joined>('POST', `/api/debates/${debateId}/join`, { displayName }, false);
  }

  /** Join `count` participants, `concurrency` requests in flight; results in order. */
  async joinMany(debateId: string, count: number, concurrency: number): Promise<{ joined: Joined[]; stats: JoinStats }> {
    const joined = new Array<Joined>(count);
    const start = performance.now();
    const retriesBefore = this.retries;
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < count) {
        const i = next++;
        const res = await this.join(debateId, `Citoyen ${i + 1}`);
        if (typeof res.token !== 'string') throw new Error(`join #${i}: no token in ${JSON.stringify(res)}`);
        joined[i] = res;
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
    const ms = performance.now() - start;
    return { joined, stats: { ms, retries: this.retries - retriesBefore, perSecond: (count * 1000) / ms } };
  }

  audit(debateId: string, pollId: string): Promise<PollAudit> {
    return this.call<PollAudit>('GET', `/api/debates/${debateId}/polls/${pollId}/audit`, undefined, true);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((res) => setTimeout(res, ms));
}
