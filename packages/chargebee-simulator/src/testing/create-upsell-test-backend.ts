import { getResponse, http, HttpResponse, type RequestHandler } from 'msw';
import { createSimulator } from '../create-simulator';
import type { Simulator, SimulatorOptions } from '../simulator';
import { simulatorTransport, type UpsellTestTransport } from './simulator-transport';

/**
 * What your server's `chargebee` option takes to reach the simulator: its site, key and origin,
 * and a transport that hands the SDK's requests to the simulator in process.
 */
export interface UpsellTestChargebee {
  /** The simulator's site name. */
  site: string;
  /** The simulator's API key: it stays inside your handler, as a real key would. */
  apiKey: string;
  /** The simulator's origin, for `chargebee.baseUrl` (and its checkout pages' origin). */
  baseUrl: string;
  /**
   * `@upsell-kit/server`'s `chargebee.transport`: every Chargebee call of the handler is answered
   * by this backend's simulator in process, with no network and nothing to intercept (in jsdom,
   * in a browser page, in any engine). A handler that fetches `baseUrl` itself is answered by
   * `handlers` instead.
   */
  transport: UpsellTestTransport;
}

/**
 * Options of {@link createUpsellTestBackend}. The simulator's own options (scenario, assumptions,
 * API limit, key, site) pass through.
 */
export interface UpsellTestBackendOptions extends Omit<SimulatorOptions, 'publicUrl'> {
  /**
   * Builds your server's handler, configured as in production (`identify`, fulfillers, store,
   * messages …) but with `chargebee` from here. Called once per backend: build one backend per
   * test for a fresh server memory (offer cache, dismissals, accepts), as for a fresh simulator.
   * Any fetch-style handler works; the kit's own is `createUpsellHandler` from `@upsell-kit/server`.
   * @example
   * (chargebee) => createUpsellHandler({ chargebee, identify: () => ({ customerId: 'cus_1', subscriptionId: 'sub_1' }), secret: 'a-test-secret-of-at-least-32-bytes!!' })
   */
  handler: (chargebee: UpsellTestChargebee) => (request: Request) => Promise<Response>;
  /**
   * Where the app's client sends its requests: `UpsellProvider`'s `baseUrl`, your handler's
   * `basePath`. Matched on any origin.
   * @default '/api/upsell'
   */
  basePath?: string;
  /**
   * The simulator's origin (`chargebee.baseUrl`, and the origin of its checkout pages). Only its
   * requests reach this backend's simulator, so several backends can share one MSW setup.
   * @default a new `https://simulator-N.upsell-kit.test` per backend
   */
  origin?: string;
}

/** A test backend: your real server handler in front of a fresh simulator. */
export interface UpsellTestBackend {
  /** The simulator: scenario, faults, outcomes, clock, and what it received (`sim.inspect`). */
  sim: Simulator;
  /** What the handler was built with. */
  chargebee: UpsellTestChargebee;
  /** The handler `options.handler` built. */
  handle: (request: Request) => Promise<Response>;
  /**
   * MSW handlers, for `setupServer` (jsdom, Node) or `setupWorker` (a browser): `{basePath}/*`
   * answered by your handler, the simulator's origin (checkout pages) by the simulator.
   */
  handlers: RequestHandler[];
  /**
   * A `fetch` that answers from `handlers` in the page itself, with no service worker: give it to
   * the kit's client, `createUpsellClient({ fetch: backend.fetch })`, in browser-mode tests.
   * (Firefox sends `keepalive` requests, the kit's `viewed` / `dismissed` posts, past service
   * workers, so `setupWorker` would miss them there.) A request no handler matches is refused as
   * a network error, naming its URL.
   */
  fetch: typeof fetch;
}

let backends = 0;

/**
 * The request with a body stream. Firefox implements no `Request.body` (it is `undefined`, where
 * other engines give a stream, or `null` for no body), and a server handler that reads the body
 * as a stream, as the kit's does to cap its size, would find none in a Firefox page: the bytes
 * are read here and given back as the stream Firefox leaves out.
 */
async function withBodyStream(request: Request): Promise<Request> {
  if (request.body !== undefined) return request;
  const bytes = await request.arrayBuffer();
  const copy = new Request(request.url, {
    method: request.method,
    headers: request.headers,
    ...(bytes.byteLength > 0 ? { body: bytes } : {}),
  });
  if (bytes.byteLength > 0)
    Object.defineProperty(copy, 'body', { value: new Blob([bytes]).stream() });
  return copy;
}

/**
 * Your server handler, backed by a fresh Chargebee simulator, for the app's own component tests:
 * its components, the kit's real client and your real server code, with no network, no Chargebee
 * site and no server process. In jsdom, serve `handlers` with `setupServer` (`msw/node`); in a
 * browser, give the kit's client `fetch` (or serve `handlers` with `setupWorker`), and add
 * `chargebeeInTheBrowser()` from `@upsell-kit/chargebee-simulator/vite` to the Vite config, so
 * that the chargebee SDK your handler uses loads in the page.
 *
 * @example
 * const backend = createUpsellTestBackend({
 *   handler: (chargebee) => createUpsellHandler({ chargebee, identify: () => identity, secret }),
 * });
 * const server = setupServer(...backend.handlers);
 * server.listen();
 * render(<UpsellProvider><StoragePage usage={85} /></UpsellProvider>);
 * await screen.findByRole('region', { name: 'Running out of storage?' });
 * expect(backend.sim.inspect.events()).toHaveLength(1);
 */
export function createUpsellTestBackend(options: UpsellTestBackendOptions): UpsellTestBackend {
  const { handler: build, basePath = '/api/upsell', origin: givenOrigin, ...simulator } = options;
  backends += 1;
  const origin = new URL(givenOrigin ?? `https://simulator-${backends}.upsell-kit.test`).origin;
  // Checkout pages on the simulator's own origin (https:, so the kit may open them).
  const sim = createSimulator({ ...simulator, publicUrl: origin });
  const chargebee: UpsellTestChargebee = {
    site: sim.options.site,
    apiKey: sim.options.apiKey,
    baseUrl: origin,
    transport: simulatorTransport(sim),
  };
  const handle = build(chargebee);
  const mount = basePath.replace(/\/+$/, '');

  const handlers: RequestHandler[] = [
    http.all(`*${mount}/*`, async ({ request }) => handle(await withBodyStream(request))),
    http.all(`${origin}/*`, async ({ request }) => {
      const response = await sim.handle(request);
      // A dropped connection (a fault) is a network error on this side too.
      return response.type === 'error' ? HttpResponse.error() : response;
    }),
  ];

  const answer: typeof fetch = async (input, init) => {
    const base = typeof location === 'undefined' ? 'http://localhost/' : location.href;
    // Relative URLs (the client's `/api/upsell/…`) against the page, as a browser resolves them.
    const request = new Request(
      input instanceof Request ? input : new URL(String(input), base),
      init,
    );
    const response = await getResponse(handlers, request);
    if (!response || response.type === 'error')
      throw new TypeError(`Failed to fetch ${request.method} ${request.url}: no test handler`);
    return response;
  };
  return { sim, chargebee, handle, handlers, fetch: answer };
}
