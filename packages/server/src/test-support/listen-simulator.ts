import { createSimulator, type Simulator } from '@upsell-kit/chargebee-simulator';
import { afterAll, beforeAll, beforeEach } from 'vitest';

/** What {@link listenSimulator} gives a test file. */
export interface ListeningSimulator {
  /** The simulator: faults, recorded calls, state. */
  readonly sim: Simulator;
  /** Its base URL on a real port (known once the file's `beforeAll` hooks ran). */
  url(): string;
}

/**
 * The simulator as Chargebee on a real port for the calling test file (or `describe`): listening
 * before its first test, reset before each, closed after the last.
 *
 * @example const { sim, url: simUrl } = listenSimulator();
 */
export function listenSimulator(): ListeningSimulator {
  const sim = createSimulator();
  let url = '';
  let close: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const server = await sim.listen({ port: 0 });
    url = server.url;
    close = server.close;
  });
  beforeEach(() => sim.reset());
  afterAll(() => close?.());
  return { sim, url: () => url };
}
