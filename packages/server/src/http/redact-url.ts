/**
 * A request URL fit for a log line: origin and path, the query (which carries `?token=`, and with
 * it the ids a token encodes) and the fragment replaced. Never throws: garbage becomes `[invalid url]`.
 *
 * @example redactUrl('https://app.example.com/api/upsell/fulfillments/f1?token=abc') // '…/fulfillments/f1?[redacted]'
 */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return '[invalid url]';
  }
  const query = parsed.search !== '' ? '?[redacted]' : '';
  return `${parsed.origin}${parsed.pathname}${query}`;
}
