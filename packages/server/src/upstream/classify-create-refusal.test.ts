import { describe, expect, it } from 'vitest';
import { normalizeUpstreamError } from './upstream-error';
import { classifyCreateRefusal } from './classify-create-refusal';

/** The SDK rejects API errors as plain objects: the body plus `http_status_code` and `headers`. */
const refusal = (body: Record<string, unknown>) => normalizeUpstreamError({ ...body, headers: {} });

const ALREADY =
  'Fulfillment is already in progress/completed. Retrieve the fulfillment to know the latest status.';

describe('classifyCreateRefusal', () => {
  it.each([
    [{ http_status_code: 409, api_error_code: 'invalid_state_for_request', message: ALREADY }],
    [{ http_status_code: 409, api_error_code: 'something_new', message: 'Conflict.' }],
    [{ http_status_code: 400, api_error_code: 'invalid_state_for_request', message: 'x' }],
    [{ http_status_code: 400, api_error_code: 'invalid_request', message: ALREADY }],
  ])('already accepted: %j', (body) => {
    expect(classifyCreateRefusal(refusal(body))).toBe('already_accepted');
  });

  it.each([
    [{ http_status_code: 404, api_error_code: 'resource_not_found', message: 'Not found.' }],
    [
      {
        http_status_code: 400,
        api_error_code: 'param_wrong_value',
        param: 'personalized_offer_id',
        message: 'personalized_offer_id : invalid',
      },
    ],
    [{ http_status_code: 400, api_error_code: 'param_wrong_value', message: 'The offer expired.' }],
  ])('offer expired or unknown: %j', (body) => {
    expect(classifyCreateRefusal(refusal(body))).toBe('offer_expired');
  });

  it.each([
    [
      {
        http_status_code: 400,
        api_error_code: 'param_wrong_value',
        param: 'option_id',
        message: 'option_id : not an option',
      },
    ],
    [{ http_status_code: 405, api_error_code: 'http_method_not_supported', message: 'No.' }],
    [{ http_status_code: 422, api_error_code: 'unknown', message: 'Unprocessable.' }],
    [{ http_status_code: 403, api_error_code: 'api_authorization_failed', message: 'Denied.' }],
  ])('anything else: %j', (body) => {
    expect(classifyCreateRefusal(refusal(body))).toBe('other');
  });
});
