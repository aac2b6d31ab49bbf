import { UpsellError } from '@upsell-kit/core';
import { redactUrl } from '../http/redact-url';
import { errorResponse, fail } from '../http/responses';
import { isStoreUnavailable } from '../stores/store-unavailable-error';
import type { HandlerContext } from './context';

/** `Retry-After` of `503 store_unavailable`: a store blip passes in seconds. */
export const STORE_RETRY_AFTER_SECONDS = 5;

/**
 * The contract's response to anything a route threw: a contract error as its envelope (an
 * `internal_error` logged with its cause), the store unavailable as `503 store_unavailable` (only
 * accepts and status reads let it through: the others fall back to per-instance state), anything else
 * logged and answered `500 internal_error` without detail.
 */
export function responseForError(
  error: unknown,
  request: Request,
  ctx: Pick<HandlerContext, 'logger' | 'storeFallback'>,
): Response {
  const { logger } = ctx;
  if (isStoreUnavailable(error)) {
    ctx.storeFallback.noticeOutage('accept', error);
    return errorResponse(
      fail(
        'store_unavailable',
        'The offer can not be accepted right now. Try again in a moment.',
        STORE_RETRY_AFTER_SECONDS,
      ),
    );
  }
  if (error instanceof UpsellError && error.code !== 'network_error') {
    if (error.code === 'internal_error') {
      logger.error('upsell-kit: internal error', { error, cause: error.cause });
    }
    return errorResponse(error);
  }
  logger.error('upsell-kit: unexpected error while handling a request', {
    method: request.method,
    // The query carries the offer token: never logged.
    url: redactUrl(request.url),
    error,
  });
  return errorResponse(fail('internal_error', 'Something went wrong on the server.'));
}
