import type { RecordedRequest } from '../simulator';
import { parseBody } from './body';
import type { SimState } from './state';

const MAX_RECORDED_REQUESTS = 1000;

/** Records an `/api/v2` request for `inspect.requests()` (authorization redacted, last 1000 kept). */
export function recordRequest(state: SimState, request: Request, url: URL, text: string): void {
  const headers: Record<string, string> = {};
  request.headers.forEach((value, key) => {
    headers[key] = key === 'authorization' ? 'REDACTED' : value;
  });
  let body: unknown = null;
  if (text.trim() !== '') {
    try {
      body = parseBody(text, request.headers.get('content-type') ?? '');
    } catch {
      body = text;
    }
  }
  const entry: RecordedRequest = {
    method: request.method,
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    body,
    headers,
    at: state.clock.now(),
  };
  state.requests.push(entry);
  if (state.requests.length > MAX_RECORDED_REQUESTS) state.requests.shift();
}
