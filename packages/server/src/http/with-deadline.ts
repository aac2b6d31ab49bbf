/**
 * Settles as `promise` does, unless `ms` milliseconds pass first: then as `onTimeout()` does (its
 * value, or its throw). The timer is cleared either way, so a settled race keeps no timer alive.
 * `promise` itself is not cancelled: a caller that cares about a late outcome keeps a reference.
 *
 * @example
 * const created = await withDeadline(inFlight, 2_000, () => undefined);
 */
export function withDeadline<T, U>(
  promise: Promise<T>,
  ms: number,
  onTimeout: () => U | PromiseLike<U>,
): Promise<T | U> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<U>((resolve, reject) => {
    timer = setTimeout(() => {
      try {
        resolve(onTimeout());
      } catch (error) {
        reject(error);
      }
    }, ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}
