import { Router, type Request as ExpressRequest, type Response as ExpressResponse } from 'express';
import type { UpsellHandler } from './create-upsell-handler';
import { rawBodyOf } from './adapters/keep-raw-body';
import { sendBridgeFailure, sendWebResponse, toWebRequest } from './node-bridge';

/**
 * An Express router serving the upsell handler. Mount it at your `basePath`; paths are matched
 * below wherever it is mounted. Works whether or not `express.json()` runs before it; when it
 * does, give it `verify: keepRawBody` and mount `upsellErrorHandler()` after the router to keep
 * every guarantee of the contract (see the README).
 *
 * @example
 * import express from 'express';
 * import { upsellRouter } from '@upsell-kit/server/express';
 * const app = express();
 * app.use('/api/upsell', upsellRouter(upsell));
 */
export function upsellRouter(handler: UpsellHandler): Router {
  const router = Router();
  router.use(async (req: ExpressRequest, res: ExpressResponse) => {
    try {
      // A body-parsing middleware that already ran consumed the stream: take its result.
      const consumed = req.readableEnded || (req as { _body?: boolean })._body === true;
      // body-parser turns an empty body into {}: keep it empty, as the contract answers 400.
      const empty = req.headers['content-length'] === '0';
      const raw = consumed ? rawBodyOf(req) : undefined;
      const request = toWebRequest(req, {
        bodyLimit: handler.bodyLimit,
        url: req.originalUrl,
        // The bytes the parser read (`keepRawBody`), else its result, re-serialized.
        ...(raw !== undefined
          ? { rawBody: raw }
          : consumed && !empty && req.body !== undefined
            ? { parsedBody: req.body }
            : {}),
      });
      const response = await handler(request, { routePath: req.path });
      await sendWebResponse(response, res, req);
    } catch {
      // Only a broken connection gets here (the handler itself never throws).
      await sendBridgeFailure(res);
    }
  });
  return router;
}

export { keepRawBody } from './adapters/keep-raw-body';
export { upsellErrorHandler } from './adapters/upsell-error-handler';
export { createKeepAliveTransport } from './create-keep-alive-transport';
export type { KeepAliveTransport, KeepAliveTransportOptions } from './create-keep-alive-transport';
