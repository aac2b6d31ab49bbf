import type { UpstreamFailure } from './upstream-error';

const NOT_ENABLED = /not\s+(?:been\s+)?enabled|not\s+available|not\s+allowed/i;
const CODES = new Set([
  'configuration_incompatible',
  'feature_not_enabled',
  'operation_not_allowed',
  'api_authorization_failed',
]);

/**
 * Whether `offer_events` was refused because offer events are not enabled for the site (they are
 * "not enabled for live sites by default"). Chargebee does not document the exact answer, so this
 * recognises a 403, a code that says "not enabled / not allowed", or a 4xx whose message does.
 * A 400 on a parameter, a 404 (unknown offer) and a 429 are not this.
 */
export function isOfferEventsRefusal(failure: UpstreamFailure): boolean {
  const status = failure.upstreamStatus;
  if (status === undefined || status < 400 || status >= 500 || status === 429) return false;
  if (status === 404 || failure.apiErrorCode === 'param_wrong_value') return false;
  if (status === 403) return true;
  if (failure.apiErrorCode && CODES.has(failure.apiErrorCode)) return true;
  const message = typeof failure.detail.message === 'string' ? failure.detail.message : '';
  return NOT_ENABLED.test(message);
}
