import type { IncomingMessage } from 'node:http';

const rawBodies = new WeakMap<IncomingMessage, Uint8Array>();

/**
 * A `verify` function for `express.json()` that keeps the exact bytes it parsed, so that
 * `toExpressMiddleware` checks those instead of a re-serialized body: the same UTF-8 check (invalid
 * bytes and UTF-16 refused), the same `limits.bodyBytes` cap on what the browser sent, the same
 * `400` for unknown members. Without it, an `express.json()` that runs first costs those
 * guarantees (see the README).
 *
 * @example
 * import { keepRawBody, toExpressMiddleware, upsellErrorHandler } from '@upsell-kit/server/express';
 * app.use(express.json({ verify: keepRawBody }));
 * app.use('/api/upsell', toExpressMiddleware(upsell), upsellErrorHandler());
 */
export function keepRawBody(req: IncomingMessage, _res: unknown, body: Uint8Array): void {
  rawBodies.set(req, body);
}

/** The bytes {@link keepRawBody} kept for `req`, if any. */
export function rawBodyOf(req: IncomingMessage): Uint8Array | undefined {
  return rawBodies.get(req);
}
