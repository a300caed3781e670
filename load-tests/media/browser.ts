// Chromium for the media benchmark (Debian's, fake camera and microphone): the publisher's
// citizen page, and viewers joining the real citizen page one at a time to time their
// first decoded frame. A participant's session is put in sessionStorage before the page
// loads, as after the join form; "join" is the page navigation.
import type { Browser, BrowserContext } from 'playwright-core';
import { launchBrowser } from '../../server/test/helpers/browser.ts';
import type { Participant } from './server.ts';

export { launchBrowser };

export interface JoinTiming {
  /** performance.now() of the page (0 = navigation start) at each milestone, ms. */
  /** The first Socket.IO request left (resource timing). */
  socketStart: number;
  /** The debate's socket connected. */
  connected: number;
  mediaStart: number;
  /** The server answered the capabilities and receive-transport requests. */
  mediaAnswered: number;
  /** mediasoup-client's device loaded with the router's capabilities. */
  deviceLoaded: number;
  mediaReady: number;
  /** First video frame presented (requestVideoFrameCallback). */
  firstFrame: number;
  /** First time the stats showed a decoded frame (25 ms polling, an upper bound). */
  statsFirstDecoded: number;
  /** The document and its scripts loaded (navigation timing `loadEventEnd`). */
  pageLoaded: number;
}

async function citizenContext(browser: Browser, baseUrl: string, debateId: string, p: Participant): Promise<BrowserContext> {
  const context = await browser.newContext({ permissions: ['camera', 'microphone'], locale: 'fr-FR', viewport: { width: 1000, height: 800 } });
  const session = { token: p.token, participantId: p.participantId, role: 'participant', name: p.name, expiresAt: null };
  await context.addInitScript(
    ([key, value]) => (globalThis as unknown as { sessionStorage: { setItem(k: string, v: string): void } }).sessionStorage.setItem(key!, value!),
    [`tribune.citizen.${debateId}`, JSON.stringify(session)],
  );
  return context;
}

/** The publisher's citizen page: it publishes by itself while holding the floor. */
export async function openPublisher(browser: Browser, baseUrl: string, debateId: string, p: Participant): Promise<BrowserContext> {
  const context = await citizenContext(browser, baseUrl, debateId, p);
  const page = await context.newPage();
  await page.goto(`${baseUrl}/d/${debateId}`);
  return context;
}

/** One viewer joins; resolves with its timings, the context closed. */
export async function timeJoin(browser: Browser, baseUrl: string, debateId: string, p: Participant, timeoutMs = 20_000): Promise<JoinTiming> {
  const context = await citizenContext(browser, baseUrl, debateId, p);
  try {
    const page = await context.newPage();
    await page.goto(`${baseUrl}/d/${debateId}`);
    const timing = await page.evaluate(async (limit: number) => {
      type Hook = { stats(): Promise<{ received: { kind: string; framesDecoded: number }[]; marks: Record<string, number> }> };
      const end = performance.now() + limit;
      let statsAt: number | null = null;
      while (performance.now() < end) {
        const hook = (globalThis as unknown as { __tribuneMedia?: Hook }).__tribuneMedia;
        if (hook) {
          const s = await hook.stats();
          if (statsAt === null && s.received.some((r) => r.kind === 'video' && r.framesDecoded > 0)) statsAt = performance.now();
          const m = s.marks;
          if (statsAt !== null && m.firstFrame !== undefined) {
            // Node's types lack the DOM's PerformanceNavigationTiming; this runs in the page.
            // No named function in here: tsx would wrap it in a helper the page does not have.
            type Entry = { name: string; startTime: number; loadEventEnd?: number };
            const byType = performance.getEntriesByType as (t: string) => Entry[];
            const nav = byType.call(performance, 'navigation')[0];
            return {
              // Set by the page when it opened the socket (WebSocket first: no resource entry for it).
              socketStart: m.created ?? NaN,
              connected: m.connected ?? NaN,
              mediaStart: m.start ?? NaN,
              mediaAnswered: m.answered ?? NaN,
              deviceLoaded: m.device ?? NaN,
              mediaReady: m.ready ?? NaN,
              firstFrame: m.firstFrame,
              statsFirstDecoded: statsAt,
              pageLoaded: nav?.loadEventEnd ?? NaN,
            };
          }
        }
        await new Promise((r) => setTimeout(r, 25));
      }
      return null;
    }, timeoutMs);
    if (!timing) throw new Error(`no decoded frame within ${timeoutMs} ms`);
    return timing;
  } finally {
    await context.close();
  }
}
