import { UpsellError } from '@upsell-kit/core';
import { errorResponse, fail } from '../http/responses';
import type { HandlerContext } from './context';
import { responseForError } from './errors';
import { checkCrossSite } from './guards/cross-site';

/** The contract's routes, each built from the context (see `handler/routes/`). */
export interface UpsellRoutes {
  postOffers: (request: Request) => Promise<Response>;
  postEvents: (request: Request) => Promise<Response>;
  postFulfillments: (request: Request) => Promise<Response>;
  getFulfillment: (request: Request, rawId: string) => Promise<Response>;
}

interface Route {
  methods: readonly string[];
  run: (request: Request) => Promise<Response>;
}

function match(routes: UpsellRoutes, path: string): Route | undefined {
  if (path === '/offers') return { methods: ['POST'], run: routes.postOffers };
  if (path === '/events') return { methods: ['POST'], run: routes.postEvents };
  if (path === '/fulfillments') return { methods: ['POST'], run: routes.postFulfillments };
  const id = /^\/fulfillments\/([^/]+)$/.exec(path)?.[1];
  if (id) return { methods: ['GET'], run: (request) => routes.getFulfillment(request, id) };
  return undefined;
}

/** The path below `basePath`, or `undefined` when the URL is not under it. */
function routePathOf(request: Request, basePath: string): string | undefined {
  let pathname: string;
  try {
    pathname = new URL(request.url).pathname;
  } catch {
    return undefined;
  }
  if (basePath === '') return pathname;
  if (pathname === basePath) return '/';
  return pathname.startsWith(`${basePath}/`) ? pathname.slice(basePath.length) : undefined;
}

/** A body that missed the adapter's deadline: every one to `onEvent`, the first one to the log. */
function countSlowBody(ctx: Pick<HandlerContext, 'warnOnce' | 'emit'>): void {
  ctx.emit({ type: 'request_timeout', identity: null });
  ctx.warnOnce(
    'request_timeout',
    "upsell-kit: a request body did not arrive within the adapter's bodyTimeoutMs; it was answered 408 and its connection closed (a slow or hostile client). Further ones go to onEvent as request_timeout, not to the log.",
  );
}

/**
 * Matches a request to its route (`404` for no route, `405` with `Allow` for a wrong method),
 * applies the cross-site rules to every POST, runs the route and maps whatever it throws to the
 * contract's error response. The returned function never throws.
 */
export function createRouter(
  ctx: Pick<
    HandlerContext,
    | 'basePath'
    | 'allowedOrigins'
    | 'trustProxy'
    | 'logger'
    | 'storeFallback'
    | 'assertConfigured'
    | 'warnOnce'
    | 'emit'
  >,
  routes: UpsellRoutes,
): (request: Request, context?: { routePath?: string }) => Promise<Response> {
  return async (request, context) => {
    try {
      const path =
        typeof context?.routePath === 'string'
          ? context.routePath
          : routePathOf(request, ctx.basePath);
      const route = path === undefined ? undefined : match(routes, path);
      if (!route) throw fail('not_found', 'No such endpoint.');
      if (!route.methods.includes(request.method)) {
        return errorResponse(
          fail('method_not_allowed', `Use ${route.methods.join(' or ')} for this endpoint.`),
          { Allow: route.methods.join(', ') },
        );
      }
      // Created during `next build` without a secret: nothing is served (and nothing reaches
      // Chargebee) until the runtime has one.
      ctx.assertConfigured();
      if (request.method === 'POST') {
        checkCrossSite(request, ctx.allowedOrigins, ctx.trustProxy, (origin) =>
          // A dev proxy with `changeOrigin: true` (Vite) makes every POST this: say why once.
          ctx.warnOnce(
            `origin:${origin}`,
            `upsell-kit: refused a POST from origin ${origin}: it is neither this server's host nor in allowedOrigins. Behind a dev proxy, turn off changeOrigin or add the origin to allowedOrigins.`,
            { origin, host: request.headers.get('host') },
          ),
        );
      }
      return await route.run(request);
    } catch (error) {
      if (error instanceof UpsellError && error.code === 'request_timeout') countSlowBody(ctx);
      return responseForError(error, request, ctx);
    }
  };
}
