import { UpsellError } from '@upsell-kit/core';
import { describe, expect, it } from 'vitest';
import { UpstreamTimeoutError } from './upstream-timeout-error';
import { normalizeUpstreamError, parseRetryAfter } from './upstream-error';

// The shapes the chargebee SDK (3.33) rejects with, as it builds them.
class ChargebeeError extends Error {
  type: string;
  api_error_code: string;
  http_status_code: number;
  headers: Record<string, string> | null;
  constructor(
    raw: { message: string; type: string; api_error_code: string; http_status_code: number },
    headers: Record<string, string> | null,
  ) {
    super(raw.message);
    this.type = raw.type;
    this.api_error_code = raw.api_error_code;
    this.http_status_code = raw.http_status_code;
    this.headers = headers;
  }
}

describe('normalizeUpstreamError', () => {
  it.each([
    [400, 'param_wrong_value', 502, 'upstream_error', true],
    [401, 'api_authentication_failed', 502, 'upstream_error', true],
    [404, 'resource_not_found', 502, 'upstream_error', true],
    [409, 'invalid_state_for_request', 502, 'upstream_error', true],
    [429, 'api_request_limit_exceeded', 503, 'upstream_unavailable', true],
    [500, 'internal_error', 502, 'upstream_error', false],
    [503, 'site_not_ready', 503, 'upstream_unavailable', true],
  ])('API error %i %s → %i %s', (status, apiErrorCode, expected, code, definite) => {
    const failure = normalizeUpstreamError({
      message: 'secret upstream detail',
      api_error_code: apiErrorCode,
      http_status_code: status,
      headers: { 'retry-after': '9' },
    });
    expect(failure.error).toBeInstanceOf(UpsellError);
    expect(failure.error.status).toBe(expected);
    expect(failure.error.code).toBe(code);
    expect(failure.error.message).not.toContain('secret');
    expect(failure.upstreamStatus).toBe(status);
    expect(failure.apiErrorCode).toBe(apiErrorCode);
    expect(failure.definite).toBe(definite);
    expect(failure.error.retryAfter).toBe(expected === 503 ? 9 : undefined);
    expect(failure.detail).toMatchObject({ message: 'secret upstream detail' });
  });

  it('ChargebeeError for a non-JSON body is an upstream error whose outcome is unknown', () => {
    const failure = normalizeUpstreamError(
      new ChargebeeError(
        {
          message: 'Sorry…',
          type: 'internal_error',
          api_error_code: 'internal_error',
          http_status_code: 500,
        },
        {},
      ),
    );
    expect(failure.error.code).toBe('upstream_error');
    expect(failure.upstreamStatus).toBeUndefined();
    expect(failure.definite).toBe(false);
  });

  it('ChargebeeError 503 (HTML) keeps Retry-After', () => {
    const failure = normalizeUpstreamError(
      new ChargebeeError(
        {
          message: 'temporary',
          type: 'internal_temporary_error',
          api_error_code: 'internal_temporary_error',
          http_status_code: 503,
        },
        { 'retry-after': '30' },
      ),
    );
    expect(failure.error).toMatchObject({ code: 'upstream_unavailable', retryAfter: 30 });
  });

  it.each([
    [
      'the SDK’s own timeout',
      new ChargebeeError(
        {
          message: 'io_error',
          type: 'timeout',
          api_error_code: 'request aborted due to timeout.',
          http_status_code: 504,
        },
        null,
      ),
    ],
    ['our client’s timeout', new UpstreamTimeoutError(10_000)],
    ['an AbortError', new DOMException('aborted', 'AbortError')],
    ['a TimeoutError', new DOMException('timed out', 'TimeoutError')],
  ])('%s → 504 upstream_timeout', (_name, thrown) => {
    const failure = normalizeUpstreamError(thrown);
    expect(failure.error).toMatchObject({ code: 'upstream_timeout', status: 504 });
    expect(failure.definite).toBe(false);
  });

  it('TypeError: fetch failed → 503 upstream_unavailable, outcome unknown', () => {
    const reset = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
    const failure = normalizeUpstreamError(new TypeError('fetch failed', { cause: reset }));
    expect(failure.error).toMatchObject({ code: 'upstream_unavailable', status: 503 });
    expect(failure.definite).toBe(false);
    expect(failure.detail).toMatchObject({ cause: { code: 'ECONNRESET' } });
  });

  it('anything else → 500 internal_error', () => {
    expect(
      normalizeUpstreamError(new Error('the required id parameter missing or wrong')).error.code,
    ).toBe('internal_error');
    expect(normalizeUpstreamError('a string').error.code).toBe('internal_error');
    expect(normalizeUpstreamError(undefined).error.code).toBe('internal_error');
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates, ignores nonsense', () => {
    const now = Date.parse('2026-11-21T12:00:00Z');
    expect(parseRetryAfter('7', now)).toBe(7);
    expect(parseRetryAfter(' 12 ', now)).toBe(12);
    expect(parseRetryAfter('Sat, 21 Nov 2026 12:00:30 GMT', now)).toBe(30);
    expect(parseRetryAfter('Sat, 21 Nov 2026 11:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-5', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter('99999999', now)).toBe(86_400);
  });
});
