/**
 * Shares one run of an async task between concurrent callers with the same key (per instance):
 * the first caller runs it, the others get the same promise until it settles.
 *
 * @example
 * const flights = createSingleFlight<Offers>();
 * const { value, shared } = await flights.run(key, () => fetchOffers(params));
 */
export interface SingleFlight<T> {
  run(key: string, task: () => Promise<T>): Promise<{ value: T; shared: boolean }>;
  /** Tasks in flight now. */
  readonly size: number;
}

/** Creates a {@link SingleFlight}. */
export function createSingleFlight<T>(): SingleFlight<T> {
  const flights = new Map<string, Promise<T>>();
  return {
    async run(key, task) {
      const inFlight = flights.get(key);
      if (inFlight) return { value: await inFlight, shared: true };
      const flight = Promise.resolve().then(task);
      flights.set(key, flight);
      try {
        return { value: await flight, shared: false };
      } finally {
        flights.delete(key);
      }
    },
    get size() {
      return flights.size;
    },
  };
}
