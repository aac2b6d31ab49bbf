import { createHmac, timingSafeEqual } from 'node:crypto';

/** Name of the demo's session cookie (httpOnly; the page can neither read nor usefully forge it). */
export const SESSION_COOKIE = 'upsell_demo_session';

const USER_ID = /^[a-z0-9_-]{1,64}$/;

function mac(userId: string, secret: string): string {
  return createHmac('sha256', secret).update(`demo-session:${userId}`).digest('base64url');
}

/** `alice.<hmac>`: the user id, signed with the server's secret. */
export function signSession(userId: string, secret: string): string {
  if (!USER_ID.test(userId)) throw new Error('invalid user id');
  return `${userId}.${mac(userId, secret)}`;
}

/** The user id of a session value, or null when it is missing, malformed or not signed by us. */
export function verifySession(value: string | undefined, secret: string): string | null {
  if (!value) return null;
  const dot = value.indexOf('.');
  if (dot <= 0) return null;
  const userId = value.slice(0, dot);
  if (!USER_ID.test(userId)) return null;
  const given = Buffer.from(value.slice(dot + 1));
  const expected = Buffer.from(mac(userId, secret));
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  return userId;
}

/** One cookie's value from a `Cookie` header (first occurrence), or undefined. */
export function readCookie(header: string | null | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() !== name) continue;
    const raw = part.slice(eq + 1).trim();
    try {
      return decodeURIComponent(raw);
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** A `Set-Cookie` value for the session (httpOnly, SameSite=Lax, whole site). */
export function sessionCookie(value: string, options: { secure: boolean }): string {
  const parts = [
    `${SESSION_COOKIE}=${encodeURIComponent(value)}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Lax',
    'Max-Age=604800',
  ];
  if (options.secure) parts.push('Secure');
  return parts.join('; ');
}
