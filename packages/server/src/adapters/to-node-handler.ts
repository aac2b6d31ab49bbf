import type { IncomingMessage, ServerResponse } from 'node:http';
import type { UpsellHandler } from '../handler/create-upsell-handler';
import { sendBridgeFailure, sendWebResponse, toWebRequest } from './node-bridge';

/**
 * Serves the upsell handler from `node:http` (or anything with the same request listener shape).
 * The handler's `basePath` is matched against the request URL.
 *
 * @example
 * import { createServer } from 'node:http';
 * import { toNodeHandler } from '@upsell-kit/server/node';
 * createServer(toNodeHandler(upsell)).listen(3000);
 */
export function toNodeHandler(
  handler: UpsellHandler,
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    try {
      const response = await handler(toWebRequest(req, { bodyLimit: handler.bodyLimit }));
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
