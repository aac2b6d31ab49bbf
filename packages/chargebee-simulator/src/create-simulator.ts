import { http, HttpResponse, type RequestHandler } from 'msw';
import { defaultScenario } from './default-scenario';
import { createApiLimiter, resolveApiLimit } from './internal/api-limit';
import { listGrantBlocks, promotionalGrants } from './internal/billing';
import { parseBody } from './internal/body';
import { checkScenario } from './internal/check-scenario';
import { createClock } from './internal/clock';
import { control } from './internal/control';
import { formatAmount } from './internal/decimal';
import { ApiError, errorForStatus, jsonResponse } from './internal/errors';
import {
  createFulfillment,
  offerEvents,
  personalizedOffers,
  retrieveFulfillment,
  updateFulfillment,
} from './internal/growth';
import { hostedPage } from './internal/hosted-page';
import { startNodeServer } from './internal/node-server';
import {
  accountBalance,
  refreshFulfillment,
  settleGrantBlocks,
  type SimState,
} from './internal/state';
import type {
  ApiLimit,
  Fault,
  FaultEndpoint,
  RecordedRequest,
  Simulator,
  SimulatorOptions,
} from './simulator';

const MAX_RECORDED_REQUESTS = 1000;

interface Route {
  endpoint: FaultEndpoint | null;
  run: (body: () => Record<string, unknown>, query: URLSearchParams, request: Request) => Response;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function authorized(request: Request, apiKey: string): boolean {
  const header = request.headers.get('authorization') ?? '';
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (!m?.[1]) return false;
  let decoded: string;
  try {
    decoded = atob(m[1]);
  } catch {
    return false;
  }
  const colon = decoded.indexOf(':');
  const user = colon === -1 ? decoded : decoded.slice(0, colon);
  return user === apiKey;
}

function faultResponse(fault: Fault): Response {
  if (fault.malformedBody) {
    return new Response('<html><body>502 Bad Gateway</body></html>', {
      status: fault.status ?? 200,
      headers: { 'Content-Type': 'text/html; charset=utf-8' },
    });
  }
  const status = fault.status ?? (fault.retryAfter !== undefined ? 429 : 500);
  if (fault.body !== undefined) {
    const headers: Record<string, string> = {};
    if (fault.retryAfter !== undefined) headers['Retry-After'] = String(fault.retryAfter);
    return jsonResponse(status, fault.body, headers);
  }
  if (status < 400) return jsonResponse(status, {});
  return errorForStatus(status, fault.retryAfter).toResponse();
}

/**
 * Creates a local Chargebee Growth (+ promotional grants) that behaves like the real service
 * for everything upsell-kit touches: personalized offers from plays and audiences, offer
 * events with cool-downs, fulfillments of every processing type with Chargebee's rules, a
 * hosted checkout page, promotional grants with balances, Chargebee-shaped errors, fault
 * injection, inspection and a controllable clock.
 *
 * @example
 * const sim = createSimulator();
 * const server = setupServer(...sim.handlers); // MSW, or:
 * const { url, close } = await sim.listen({ port: 4010 });
 */
export function createSimulator(options: SimulatorOptions = {}): Simulator {
  const apiKey = options.apiKey ?? 'test_simulator_key';
  const site = options.site ?? 'upsell-kit-test';
  const scenario = options.scenario ?? defaultScenario;
  checkScenario(scenario);
  let publicUrl = options.publicUrl?.replace(/\/+$/, '');
  const clock = createClock();
  const apiLimit = options.apiLimit ?? false;
  const limiter = createApiLimiter(clock, apiLimit);

  const state: SimState = {
    apiKey,
    site,
    scenario,
    publicUrl: () => publicUrl ?? `https://${site}.chargebee.com`,
    clock,
    offers: new Map(),
    events: [],
    dismissals: new Map(),
    fulfillments: new Map(),
    hostedPages: new Map(),
    grants: [],
    grantBlocks: new Map(),
    ledgerOperations: new Map(),
    idempotency: new Map(),
    requests: [],
    faults: new Map(),
    outcomes: new Map(),
  };

  function route(method: string, resource: string): Route | 'method' | null {
    const post = method === 'POST';
    const get = method === 'GET';
    switch (resource) {
      case 'personalized_offers':
        return post
          ? { endpoint: resource, run: (body) => personalizedOffers(state, body()) }
          : 'method';
      case 'offer_events':
        return post ? { endpoint: resource, run: (body) => offerEvents(state, body()) } : 'method';
      case 'offer_fulfillments':
        return post
          ? {
              endpoint: 'offer_fulfillments.create',
              run: (body) => createFulfillment(state, body()),
            }
          : 'method';
      case 'promotional_grants':
        return post
          ? {
              endpoint: resource,
              run: (body, _q, request) =>
                promotionalGrants(state, body(), request.headers.get('chargebee-idempotency-key')),
            }
          : 'method';
      case 'grant_blocks':
        return get
          ? { endpoint: resource, run: (_b, query) => listGrantBlocks(state, query) }
          : 'method';
    }
    const m = /^offer_fulfillments\/([^/]+)$/.exec(resource);
    if (m?.[1]) {
      const id = decodeURIComponent(m[1]);
      if (get)
        return {
          endpoint: 'offer_fulfillments.retrieve',
          run: () => retrieveFulfillment(state, id),
        };
      if (post)
        return {
          endpoint: 'offer_fulfillments.update',
          run: (body) => updateFulfillment(state, id, body()),
        };
      return 'method';
    }
    return null;
  }

  function record(request: Request, url: URL, text: string): void {
    const headers: Record<string, string> = {};
    request.headers.forEach((value, key) => {
      headers[key] = key === 'authorization' ? 'REDACTED' : value;
    });
    let body: unknown = null;
    if (text.trim() !== '') {
      try {
        body = parseBody(text, request.headers.get('content-type') ?? '');
      } catch {
        body = text;
      }
    }
    const entry: RecordedRequest = {
      method: request.method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      body,
      headers,
      at: clock.now(),
    };
    state.requests.push(entry);
    if (state.requests.length > MAX_RECORDED_REQUESTS) state.requests.shift();
  }

  function takeFault(endpoint: FaultEndpoint): Fault | undefined {
    const entry = state.faults.get(endpoint);
    if (!entry) return undefined;
    entry.remaining -= 1;
    if (entry.remaining <= 0) state.faults.delete(endpoint);
    return entry.fault;
  }

  async function api(request: Request, url: URL, resource: string): Promise<Response> {
    const text = request.method === 'GET' || request.method === 'HEAD' ? '' : await request.text();
    record(request, url, text);
    // Chargebee's site-wide limit: before faults and auth, as every call counts against it.
    const refused = limiter.admit();
    if (refused) return refused;
    const found = route(request.method, resource);
    if (found && found !== 'method' && found.endpoint) {
      const fault = takeFault(found.endpoint);
      if (fault) {
        if (fault.latencyMs) await sleep(fault.latencyMs);
        if (fault.dropConnection) return Response.error();
        const onlyLatency =
          fault.status === undefined &&
          fault.body === undefined &&
          fault.retryAfter === undefined &&
          !fault.malformedBody;
        if (!onlyLatency) return faultResponse(fault);
      }
    }
    if (!authorized(request, apiKey)) {
      return new ApiError(
        401,
        'api_authentication_failed',
        'Sorry, authentication failed. Invalid api key.',
      ).toResponse();
    }
    if (found === null) throw errorForStatus(404);
    if (found === 'method') throw errorForStatus(405);
    const body = () => parseBody(text, request.headers.get('content-type') ?? '');
    return found.run(body, url.searchParams, request);
  }

  async function handle(request: Request): Promise<Response> {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return errorForStatus(400).toResponse();
    }
    const path = url.pathname;
    try {
      const apiAt = path.indexOf('/api/v2/');
      if (apiAt !== -1)
        return await api(request, url, path.slice(apiAt + '/api/v2/'.length).replace(/\/+$/, ''));
      const controlAt = path.indexOf('/__simulator/');
      if (controlAt !== -1)
        return await control(simulator, request, path.slice(controlAt + '/__simulator/'.length));
      const page = /\/hosted_pages\/([^/]+)(?:\/(pay|abandon))?\/?$/.exec(path);
      if (page?.[1]) return hostedPage(state, request, decodeURIComponent(page[1]), page[2]);
      return errorForStatus(404).toResponse();
    } catch (error) {
      if (error instanceof ApiError) return error.toResponse();
      // A bug in the simulator: answer like Chargebee's 500 rather than crash the host.
      return errorForStatus(500).toResponse();
    }
  }

  const resolver = async ({ request }: { request: Request }): Promise<Response> => {
    const response = await handle(request);
    return response.type === 'error' ? HttpResponse.error() : response;
  };
  const handlers: RequestHandler[] = [
    http.all('*/api/v2/*', resolver),
    http.all('*/__simulator/*', resolver),
    http.all('*/hosted_pages/*', resolver),
  ];

  function balances(subscriptionId: string): Record<string, string>;
  function balances(subscriptionId: string, unitId: string): string;
  function balances(subscriptionId: string, unitId?: string): string | Record<string, string> {
    settleGrantBlocks(state);
    if (unitId !== undefined) return formatAmount(accountBalance(state, subscriptionId, unitId));
    const out: Record<string, string> = {};
    for (const block of state.grantBlocks.values()) {
      if (block.subscription_id !== subscriptionId || block.unit_id in out) continue;
      out[block.unit_id] = formatAmount(accountBalance(state, subscriptionId, block.unit_id));
    }
    return out;
  }

  const simulator: Simulator = {
    handle,
    handlers,
    async listen(listenOptions = {}) {
      const server = await startNodeServer(handle, listenOptions);
      if (publicUrl === undefined) publicUrl = server.url;
      return server;
    },
    inspect: {
      events: () => structuredClone(state.events),
      fulfillments: () =>
        [...state.fulfillments.values()].map((f) =>
          structuredClone(refreshFulfillment(state, f).wire),
        ),
      grants: () => {
        settleGrantBlocks(state);
        return state.grants.map(({ grantBlockIds, ledgerOperationIds, ...grant }) =>
          structuredClone({
            ...grant,
            grant_blocks: grantBlockIds.flatMap((id) => state.grantBlocks.get(id) ?? []),
            ledger_operations: ledgerOperationIds.flatMap(
              (id) => state.ledgerOperations.get(id) ?? [],
            ),
          }),
        );
      },
      requests: () => structuredClone(state.requests),
      offers: () => [...state.offers.values()].map((o) => structuredClone(o.record)),
      apiUsage: () => limiter.usage(),
    },
    reset() {
      state.offers.clear();
      state.events.length = 0;
      state.dismissals.clear();
      state.fulfillments.clear();
      state.hostedPages.clear();
      state.grants.length = 0;
      state.grantBlocks.clear();
      state.ledgerOperations.clear();
      state.idempotency.clear();
      state.requests.length = 0;
      state.faults.clear();
      state.outcomes.clear();
      limiter.clear();
      limiter.set(apiLimit);
      clock.resetOffset();
    },
    faults: {
      set(endpoint, fault) {
        state.faults.set(endpoint, { fault: { ...fault }, remaining: fault.times ?? Infinity });
      },
      clear(endpoint) {
        if (endpoint === undefined) state.faults.clear();
        else state.faults.delete(endpoint);
      },
    },
    fulfillmentOutcome(key, outcome) {
      state.outcomes.set(key, { ...outcome });
    },
    clock: { now: clock.now, advance: clock.advance, set: clock.set },
    setApiLimit: (limit) => limiter.set(limit),
    balances,
    get options() {
      const perMinute = resolveApiLimit(apiLimit);
      const limit: ApiLimit | false =
        perMinute === false ? false : { requestsPerMinute: perMinute };
      return { apiKey, site, scenario, publicUrl: state.publicUrl(), apiLimit: limit };
    },
  };
  return simulator;
}
