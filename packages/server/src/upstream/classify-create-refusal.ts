import type { UpstreamFailure } from './upstream-error';

/**
 * What Chargebee's refusal of `offer_fulfillments.create` means:
 * - `already_accepted`: a fulfillment of this offer exists (409 / `invalid_state_for_request`,
 *   or, as a fallback, the documented message "Fulfillment is already in progress/completed…");
 * - `offer_expired`: the personalized offer is unknown or expired (404, or a `param_wrong_value`
 *   on `personalized_offer_id` / saying "expired"): the browser should fetch a fresh one;
 * - `other`: anything else (a bad option, a 405, a 4xx nobody documented): a `502`, logged.
 */
export type CreateRefusal = 'already_accepted' | 'offer_expired' | 'other';

// The documented sentence's shape, matched only when the status and code say nothing.
const ALREADY = /already\s+(?:in\s+progress|completed|in\s+progress\s*\/\s*completed|accepted)/i;

export function classifyCreateRefusal(failure: UpstreamFailure): CreateRefusal {
  const status = failure.upstreamStatus;
  const code = failure.apiErrorCode;
  const message = typeof failure.detail.message === 'string' ? failure.detail.message : '';
  const param = typeof failure.detail.param === 'string' ? failure.detail.param : '';
  if (status === 409 || code === 'invalid_state_for_request') return 'already_accepted';
  if (status === 404 || code === 'resource_not_found') return 'offer_expired';
  if (status === 400 || status === 410) {
    if (ALREADY.test(message)) return 'already_accepted';
    if (status === 410 || param === 'personalized_offer_id' || /expired/i.test(message)) {
      return 'offer_expired';
    }
  }
  return 'other';
}
