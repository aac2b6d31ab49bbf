import { ApiError } from './errors';

/** Largest body accepted (Chargebee allows far less for these endpoints). */
export const MAX_BODY_BYTES = 1024 * 1024;

export type Params = Record<string, unknown>;

/** Parses a request body as JSON or `application/x-www-form-urlencoded` (both as Chargebee accepts). */
export function parseBody(text: string, contentType: string): Params {
  if (text.length > MAX_BODY_BYTES) {
    throw new ApiError(413, 'invalid_request', 'The request body is too large.', {
      type: 'invalid_request',
    });
  }
  if (text.trim() === '') return {};
  if (contentType.toLowerCase().includes('application/x-www-form-urlencoded'))
    return parseForm(text);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ApiError(400, 'invalid_request', 'The request body is not valid JSON.', {
      type: 'invalid_request',
    });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ApiError(400, 'invalid_request', 'The request body must be a JSON object.', {
      type: 'invalid_request',
    });
  }
  return parsed as Params;
}

/** Parses `a=1&b[c]=2&roles[0]=x` into nested objects; objects keyed 0..n-1 become arrays. */
export function parseForm(text: string): Params {
  const root: Params = {};
  for (const [key, value] of new URLSearchParams(text)) {
    const m = /^([^[\]]+)((?:\[[^\]]*\])*)$/.exec(key);
    const segments = m
      ? [m[1] ?? key, ...[...(m[2] ?? '').matchAll(/\[([^\]]*)\]/g)].map((s) => s[1] ?? '')]
      : [key];
    let node: Params = root;
    segments.forEach((segment, i) => {
      if (i === segments.length - 1) {
        node[segment] = value;
        return;
      }
      const next = node[segment];
      if (typeof next === 'object' && next !== null) {
        node = next as Params;
      } else {
        const created: Params = {};
        node[segment] = created;
        node = created;
      }
    });
  }
  return arrayify(root) as Params;
}

function arrayify(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const obj = value as Params;
  const keys = Object.keys(obj);
  for (const k of keys) obj[k] = arrayify(obj[k]);
  if (keys.length > 0 && keys.every((k, i) => k === String(i))) return keys.map((k) => obj[k]);
  return obj;
}
