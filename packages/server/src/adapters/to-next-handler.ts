import type { UpsellHandler } from '../handler/create-upsell-handler';

type RouteHandler = (request: Request, context?: unknown) => Promise<Response>;

/**
 * Route handlers for a Next.js App Router catch-all route. Export `OPTIONS` too: otherwise Next
 * answers it itself (`204`, no `no-store`) instead of the contract's `405`.
 * @example export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = toNextHandler(upsell);
 */
export interface NextRouteHandlers {
  GET: RouteHandler;
  POST: RouteHandler;
  PUT: RouteHandler;
  PATCH: RouteHandler;
  DELETE: RouteHandler;
  OPTIONS: RouteHandler;
}

/**
 * Route handlers for `app/api/upsell/[...path]/route.ts` (the folder is the `basePath`). Every
 * method goes to the one handler, so wrong methods get the contract's `405` too.
 *
 * @example
 * // app/api/upsell/[...path]/route.ts
 * import { toNextHandler } from '@upsell-kit/server/next';
 * import { upsell } from '@/lib/upsell';
 * export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = toNextHandler(upsell);
 */
export function toNextHandler(handler: UpsellHandler): NextRouteHandlers {
  const route: RouteHandler = (request) => handler(request);
  return { GET: route, POST: route, PUT: route, PATCH: route, DELETE: route, OPTIONS: route };
}
