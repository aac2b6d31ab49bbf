import { createUpsellClient } from '@upsell-kit/core';
import type { UpsellClient } from '@upsell-kit/core';
import { getResponse } from 'msw';
import type { HttpHandler } from 'msw';

/**
 * A real client whose `fetch` is answered by MSW handlers, for browser-mode tests: the network edge
 * is mocked without a service worker to install in the test runner's page.
 */
export function clientFor(handlers: HttpHandler[]): UpsellClient {
  return createUpsellClient({
    fetch: async (input, init) => {
      const request = new Request(new URL(String(input), window.location.href), init);
      return (
        (await getResponse(handlers, request)) ??
        new Response(JSON.stringify({ error: { code: 'not_found', message: 'No handler.' } }), {
          status: 404,
        })
      );
    },
  });
}
