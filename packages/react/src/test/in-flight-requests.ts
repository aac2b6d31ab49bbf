/**
 * Every request the tests started, until it settles. A test can end while a `viewed` event it sent
 * (or a refetch after a completed offer) is still on the wire; answered by the next test's MSW
 * handlers, it would be counted there. A file that resets its handlers after each test first
 * waits for {@link settleRequests}.
 */
const inFlight = new Set<Promise<Response>>();
// Taken before any test fakes timers: the bound below must be real time.
const realSetTimeout = globalThis.setTimeout;

/** Wraps the global `fetch` so that {@link settleRequests} knows what is in flight. */
export function trackRequests(): void {
  const realFetch = globalThis.fetch;
  globalThis.fetch = (input, init) => {
    const request = realFetch(input, init);
    inFlight.add(request);
    const forget = () => inFlight.delete(request);
    request.then(forget, forget);
    return request;
  };
}

/**
 * Resolves once every request in flight has settled, or after 5 s of real time: a request a test
 * left unanswered on purpose must not hold the suite. Call it with real timers (a request behind
 * faked `setImmediate` never settles).
 */
export async function settleRequests(): Promise<void> {
  if (inFlight.size === 0) return;
  await Promise.race([
    Promise.allSettled([...inFlight]),
    new Promise((resolve) => realSetTimeout(resolve, 5_000)),
  ]);
}
