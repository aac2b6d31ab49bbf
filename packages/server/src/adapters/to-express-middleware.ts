import type {
  Request as ExpressRequest,
  RequestHandler,
  Response as ExpressResponse,
} from 'express';
import type { UpsellHandler } from '../handler/create-upsell-handler';
import { rawBodyOf } from './keep-raw-body';
import { sendBridgeFailure, sendWebResponse, toWebRequest } from './node-bridge';
import { bodyTimeoutOf, type NodeAdapterOptions } from './node-adapter-options';

/**
 * Express middleware serving the upsell handler. Mount it at your `basePath`; paths are matched
 * below wherever it is mounted. Works whether or not `express.json()` runs before it; when it
 * does, give that `verify: keepRawBody` and mount `upsellErrorHandler()` after this middleware to
 * keep every guarantee of the contract (see the README). A body it reads itself that does not
 * arrive within `bodyTimeoutMs` (10 s) is answered `408 request_timeout` and its connection
 * closed. Imports no Express code at runtime (types only), so it works with the Express your app
 * installs.
 *
 * @example
 * import express from 'express';
 * import { toExpressMiddleware } from '@upsell-kit/server/express';
 * const app = express();
 * app.use('/api/upsell', toExpressMiddleware(upsell));
 */
export function toExpressMiddleware(
  handler: UpsellHandler,
  options?: NodeAdapterOptions,
): RequestHandler {
  const bodyTimeoutMs = bodyTimeoutOf(options, 'toExpressMiddleware');
  return async (req: ExpressRequest, res: ExpressResponse) => {
    try {
      // A body-parsing middleware that already ran consumed the stream: take its result.
      const consumed = req.readableEnded || (req as { _body?: boolean })._body === true;
      // body-parser turns an empty body into {}: keep it empty, as the contract answers 400.
      const empty = req.headers['content-length'] === '0';
      const raw = consumed ? rawBodyOf(req) : undefined;
      const request = toWebRequest(req, {
        bodyLimit: handler.bodyLimit,
        bodyTimeoutMs,
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
  };
}

/**
 * @deprecated Renamed {@link toExpressMiddleware} (the adapters are all `to…`); this alias goes
 * in the next minor release. It returns the middleware, no longer an `express.Router`.
 */
export const upsellRouter = toExpressMiddleware;
