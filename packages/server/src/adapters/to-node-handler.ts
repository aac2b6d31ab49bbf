import type { IncomingMessage, ServerResponse } from 'node:http';
import type { UpsellHandler } from '../handler/create-upsell-handler';
import { sendBridgeFailure, sendWebResponse, toWebRequest } from './node-bridge';
import { bodyTimeoutOf, type NodeAdapterOptions } from './node-adapter-options';

/**
 * Serves the upsell handler from `node:http` (or anything with the same request listener shape).
 * The handler's `basePath` is matched against the request URL. A body that does not arrive
 * within `bodyTimeoutMs` (10 s) is answered `408 request_timeout` and its connection closed;
 * give the server `headersTimeout` / `requestTimeout` for slow headers (see the README).
 *
 * @example
 * import { createServer } from 'node:http';
 * import { toNodeHandler } from '@upsell-kit/server/node';
 * createServer({ headersTimeout: 10_000, requestTimeout: 30_000 }, toNodeHandler(upsell)).listen(3000);
 */
export function toNodeHandler(
  handler: UpsellHandler,
  options?: NodeAdapterOptions,
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const bodyTimeoutMs = bodyTimeoutOf(options, 'toNodeHandler');
  return async (req, res) => {
    try {
      const response = await handler(
        toWebRequest(req, { bodyLimit: handler.bodyLimit, bodyTimeoutMs }),
      );
      await sendWebResponse(response, res, req);
    } catch {
      // Only a broken connection gets here (the handler itself never throws).
      await sendBridgeFailure(res);
    }
  };
}

/**
 * @deprecated Renamed {@link toNodeHandler} (the adapters are all `to…`); this alias goes in the
 * next minor release.
 */
export const toNodeListener = toNodeHandler;
