import { describe, expect, it } from 'vitest';
import { normalizeUpstreamError } from './upstream-error';
import { isOfferEventsRefusal } from './offer-events-refused';

const failure = (body: Record<string, unknown>) => normalizeUpstreamError({ ...body, headers: {} });

describe('isOfferEventsRefusal', () => {
  it.each([
    // The simulator's stand-in for Chargebee's undocumented answer.
    {
      http_status_code: 400,
      api_error_code: 'configuration_incompatible',
      message: 'Offer events are not enabled for this site.',
    },
    { http_status_code: 403, api_error_code: 'api_authorization_failed', message: 'No.' },
    { http_status_code: 400, api_error_code: 'invalid_request', message: 'Feature not enabled.' },
  ])('recognises %j', (body) => {
    expect(isOfferEventsRefusal(failure(body))).toBe(true);
  });

  it.each([
    { http_status_code: 400, api_error_code: 'param_wrong_value', message: 'type : not enabled' },
    { http_status_code: 404, api_error_code: 'resource_not_found', message: 'Not found.' },
    { http_status_code: 429, api_error_code: 'api_request_limit_exceeded', message: 'Slow.' },
    { http_status_code: 500, api_error_code: 'internal_error', message: 'not enabled' },
  ])('does not take %j for it', (body) => {
    expect(isOfferEventsRefusal(failure(body))).toBe(false);
  });

  it('does not take a timeout or a network failure for it', () => {
    expect(isOfferEventsRefusal(normalizeUpstreamError(new TypeError('fetch failed')))).toBe(false);
  });
});
