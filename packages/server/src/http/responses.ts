import { UpsellError } from '@upsell-kit/core';

const BASE_HEADERS = {
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
} as const;

/**
 * The text of each JSON response this package built, so that the Node bridge can send it as is
 * instead of reading it back through the response's stream (a measurable share of a request's
 * CPU). Runtime-neutral: a WeakMap, nothing Node-specific; other adapters just read the body.
 */
const texts = new WeakMap<Response, string>();

/**
 * The body text of a response built by {@link jsonResponse}, while its body stream is untouched;
 * `undefined` for any other response (read its body instead).
 */
export function knownTextOf(response: Response): string | undefined {
  return response.bodyUsed ? undefined : texts.get(response);
}

/** A JSON response with the contract's headers. */
export function jsonResponse(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): Response {
  const text = JSON.stringify(body);
  const response = new Response(text, {
    status,
    headers: { ...BASE_HEADERS, 'Content-Type': 'application/json; charset=utf-8', ...headers },
  });
  texts.set(response, text);
  return response;
}

/** `204 No Content`, still `Cache-Control: no-store`. */
export function noContent(): Response {
  return new Response(null, { status: 204, headers: { ...BASE_HEADERS } });
}

/** The error envelope for a contract error, with `Retry-After` when it has one. */
export function errorResponse(error: UpsellError, headers: Record<string, string> = {}): Response {
  const extra: Record<string, string> = { ...headers };
  if (error.retryAfter !== undefined)
    extra['Retry-After'] = String(Math.max(0, Math.ceil(error.retryAfter)));
  return jsonResponse(error.status, error.toBody(), extra);
}

/** Shorthand for a contract error. */
export function fail(
  code: ConstructorParameters<typeof UpsellError>[0],
  message: string,
  retryAfter?: number,
): UpsellError {
  return new UpsellError(code, message, retryAfter === undefined ? {} : { retryAfter });
}
