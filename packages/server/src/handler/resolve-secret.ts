// The offer-token secret, checked: required (≥ 32 bytes) in production; in development a random
// one per process, with a warning.

// One random development secret per process: handlers re-created by hot reloading keep
// accepting the tokens the page already holds.
let developmentSecret: string | undefined;

export function isProduction(): boolean {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process
    ?.env;
  return env?.NODE_ENV === 'production';
}

/** `next build` evaluates route modules to collect page data; no request is served then. */
function isNextBuild(): boolean {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process
    ?.env;
  return env?.NEXT_PHASE === 'phase-production-build';
}

export const MISSING_SECRET =
  'createUpsellHandler: `secret` is required in production. Set it to a random string of at least 32 bytes, the same on every instance (e.g. `openssl rand -base64 32`).';

/** The secret; `undefined` only in production during `next build` (checked per request then). */
export function resolveSecret(
  secret: string | undefined,
  log: (message: string) => void,
): string | undefined {
  if (secret === undefined || secret === '') {
    // During `next build` the module is loaded but serves nothing: the check moves to the
    // first request, so that a build need not see the runtime secret.
    if (isProduction() && isNextBuild()) return undefined;
    if (isProduction()) throw new Error(MISSING_SECRET);
    if (developmentSecret === undefined) {
      log(
        'upsell-kit: no `secret` given, so offer tokens are signed with a random one that changes on every restart and differs between instances. Set `secret` (≥ 32 bytes) before going to production.',
      );
      const bytes = crypto.getRandomValues(new Uint8Array(32));
      developmentSecret = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
    }
    return developmentSecret;
  }
  if (typeof secret !== 'string' || new TextEncoder().encode(secret).length < 32) {
    const message =
      'createUpsellHandler: `secret` must be at least 32 bytes (e.g. `openssl rand -base64 32`).';
    if (isProduction()) throw new Error(message);
    log(`upsell-kit: ${message} A short secret is accepted outside production only.`);
  }
  return secret;
}
