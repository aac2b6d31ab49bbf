import { UpsellError } from '@upsell-kit/core';
import { errorResponse, fail } from '../http/responses';
import type { UpsellLogger } from '../http/upsell-logger';

/**
 * The contract's response to anything a route threw: a contract error as its envelope (an
 * `internal_error` logged with its cause), anything else logged and answered `500 internal_error`
 * without detail.
 */
export function responseForError(error: unknown, request: Request, logger: UpsellLogger): Response {
  if (error instanceof UpsellError && error.code !== 'network_error') {
    if (error.code === 'internal_error') {
      logger.error('upsell-kit: internal error', { error, cause: error.cause });
    }
    return errorResponse(error);
  }
  logger.error('upsell-kit: unexpected error while handling a request', {
    method: request.method,
    url: request.url,
    error,
  });
  return errorResponse(fail('internal_error', 'Something went wrong on the server.'));
}
