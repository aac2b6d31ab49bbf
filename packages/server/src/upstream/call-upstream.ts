import { UpsellError } from '@upsell-kit/core';
import { UpstreamTimeoutError } from './upstream-timeout-error';
import { normalizeUpstreamError, type UpstreamFailure } from './upstream-error';
import type { UpsellLogger } from '../http/upsell-logger';
import { withDeadline } from '../http/with-deadline';

/** The normalized failure behind an upstream `UpsellError` (its `cause`), if it is one. */
export function upstreamFailureOf(error: unknown): UpstreamFailure | undefined {
  if (!(error instanceof UpsellError)) return undefined;
  const cause = error.cause as Partial<UpstreamFailure> | undefined;
  return cause && cause.error === error ? (cause as UpstreamFailure) : undefined;
}

/**
 * Runs one SDK call: a deadline as a backstop (for ready SDK instances whose timeout we do not
 * control), every failure normalized, logged server-side with its detail, and rethrown as the
 * contract's `UpsellError` whose `cause` is the {@link UpstreamFailure}.
 */
export async function callUpstream<T>(
  operation: string,
  run: () => Promise<T>,
  options: {
    logger?: UpsellLogger | undefined;
    deadlineMs?: number | undefined;
    /**
     * Sees every failure first; a truthy answer means it logged the failure itself (a
     * configuration error, logged once a minute), so the line per call is left out.
     */
    onFailure?: ((operation: string, failure: UpstreamFailure) => unknown) | undefined;
  } = {},
): Promise<T> {
  try {
    const call = run();
    if (!options.deadlineMs) return await call;
    const deadline = options.deadlineMs;
    return await withDeadline(call, deadline, () => {
      throw new UpstreamTimeoutError(deadline);
    });
  } catch (thrown) {
    const failure = normalizeUpstreamError(thrown);
    const error = new UpsellError(failure.error.code, failure.error.message, {
      status: failure.error.status,
      retryAfter: failure.error.retryAfter,
      cause: failure,
    });
    failure.error = error;
    if (!options.onFailure?.(operation, failure)) {
      options.logger?.error(`Chargebee ${operation} failed`, { operation, ...failure.detail });
    }
    throw error;
  }
}
