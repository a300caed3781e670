// The one polling wait of the tests (and of bench:media): resolves with the probe's first
// truthy value; past the timeout, fails naming what it waited for and, if the probe threw,
// its last error (a page still loading throws; that is not yet a failure).
type Maybe<T> = T | null | undefined | false;

export async function until<T>(what: string, probe: () => Maybe<T> | Promise<Maybe<T>>, timeoutMs = 10_000, everyMs = 20): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: Error | null = null;
  for (;;) {
    try {
      const v = await probe();
      if (v) return v;
    } catch (err) {
      last = err as Error;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? ` (last error: ${last.message})` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
