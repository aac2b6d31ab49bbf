import type { FaultEndpoint } from '../simulator';
import { authorized } from './auth';
import { listGrantBlocks, promotionalGrants } from './billing';
import { parseBody, type Params } from './body';
import { ApiError, errorForStatus } from './errors';
import { applyFault } from './faults';
import {
  createFulfillment,
  offerEvents,
  personalizedOffers,
  retrieveFulfillment,
  updateFulfillment,
} from './growth';
import { recordRequest } from './recorder';
import type { SimState } from './state';

/** One `/api/v2` endpoint: the fault endpoint it answers to, and what it does. */
interface Route {
  endpoint: FaultEndpoint;
  run: (body: () => Params, query: URLSearchParams, request: Request) => Response;
}

/** The route for a method and a resource path (after `/api/v2/`); `'method'` when only the method is wrong. */
function route(state: SimState, method: string, resource: string): Route | 'method' | null {
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

/** Hooks into the request path (e.g. the site-wide API limit). */
export interface ApiHooks {
  /** Runs first for every `/api/v2` call (after recording): a `Response` refuses it. */
  admit?: () => Response | null;
}

/**
 * The one path every `/api/v2` request takes: record → admit (API limit) → route → fault → auth
 * → run. The limit and faults apply before authentication, like an outage in front of Chargebee.
 * Route code throws {@link ApiError}s; the caller renders them.
 */
export async function callApi(
  state: SimState,
  request: Request,
  url: URL,
  resource: string,
  hooks: ApiHooks = {},
): Promise<Response> {
  const text = request.method === 'GET' || request.method === 'HEAD' ? '' : await request.text();
  recordRequest(state, request, url, text);
  // Chargebee's site-wide limit: before faults and auth, as every call counts against it.
  const refused = hooks.admit?.();
  if (refused) return refused;
  const found = route(state, request.method, resource);
  if (found && found !== 'method') {
    const faulted = await applyFault(state, found.endpoint);
    if (faulted) return faulted;
  }
  if (!authorized(request, state.apiKey)) {
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
