import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** The session cookie: `<user id>.<HMAC>`, httpOnly, set by POST /api/session. */
export const SESSION_COOKIE = 'example_session';

const state = globalThis as typeof globalThis & { __upsellExampleSecret?: string };

/** UPSELL_SECRET, or one random secret per server process (shared by every route module). */
export function serverSecret(): string {
  const configured = process.env.UPSELL_SECRET?.trim();
  if (configured) return configured;
  state.__upsellExampleSecret ??= randomBytes(32).toString('base64url');
  return state.__upsellExampleSecret;
}

function mac(userId: string): string {
  return createHmac('sha256', serverSecret())
    .update(`example-session:${userId}`)
    .digest('base64url');
}

export function signSession(userId: string): string {
  return `${userId}.${mac(userId)}`;
}

/** The user id a session cookie vouches for, or null when absent, malformed or forged. */
export function verifySession(value: string | undefined): string | null {
  if (!value) return null;
  const dot = value.indexOf('.');
  if (dot <= 0) return null;
  const userId = value.slice(0, dot);
  const given = Buffer.from(value.slice(dot + 1));
  const expected = Buffer.from(mac(userId));
  return given.length === expected.length && timingSafeEqual(given, expected) ? userId : null;
}

/** A cookie's value from a request's `Cookie` header. */
export function readCookie(header: string | null, name: string): string | undefined {
  for (const part of header?.split(';') ?? []) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
