import type { ErrorRequestHandler } from 'express';
import { errorResponse, fail } from '../http/responses';
import { sendBridgeFailure, sendWebResponse } from './node-bridge';

/** What body-parser (behind `express.json()`) sets on the errors it passes to `next`. */
interface BodyParserError {
  type?: unknown;
  status?: unknown;
}

/**
 * Express error middleware that answers body-parser's errors (from an `express.json()` that ran
 * before `toExpressMiddleware`) with the contract's JSON instead of your app's error page: bodies that
 * are not JSON → `400 invalid_request`, over its `limit` → `413 payload_too_large`, a charset other
 * than UTF-8 → `400 invalid_request`. Mount it right after the middleware, at the same path; every
 * other error passes on to your own handlers.
 *
 * @example app.use('/api/upsell', toExpressMiddleware(upsell), upsellErrorHandler());
 */
export function upsellErrorHandler(): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    const type = (error as BodyParserError | null)?.type;
    const status = (error as BodyParserError | null)?.status;
    if (typeof type !== 'string' || typeof status !== 'number' || res.headersSent) {
      next(error);
      return;
    }
    let answer: Response;
    if (type === 'entity.too.large') {
      answer = errorResponse(fail('payload_too_large', 'The request body is too large.'));
    } else if (type === 'charset.unsupported' || type === 'encoding.unsupported') {
      answer = errorResponse(fail('invalid_request', 'The request body must be UTF-8 JSON.'));
    } else if (status >= 400 && status < 500) {
      answer = errorResponse(fail('invalid_request', 'The request body is not valid JSON.'));
    } else {
      next(error);
      return;
    }
    sendWebResponse(answer, res, req).catch(() => sendBridgeFailure(res));
  };
}
