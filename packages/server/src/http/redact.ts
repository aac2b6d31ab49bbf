import type { UpsellLogger } from './upsell-logger';

function base64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** Removes every form of the secrets from a string: as is, URL-encoded and as Basic-auth credentials. */
function createRedactor(secrets: string[]): (text: string) => string {
  const needles = new Set<string>();
  for (const secret of secrets) {
    if (!secret || secret.length < 4) continue;
    needles.add(secret);
    needles.add(encodeURIComponent(secret));
    const basic = base64(`${secret}:`);
    needles.add(basic);
    needles.add(basic.replace(/=+$/, ''));
  }
  const list = [...needles].sort((a, b) => b.length - a.length);
  return (text) => {
    let out = text;
    for (const needle of list) out = out.split(needle).join('[redacted]');
    return out;
  };
}

function sanitize(
  value: unknown,
  redact: (text: string) => string,
  depth: number,
  seen: WeakSet<object>,
): unknown {
  if (typeof value === 'string') return redact(value);
  if (typeof value !== 'object' || value === null) return value;
  if (seen.has(value) || depth > 6) return '[…]';
  seen.add(value);
  if (value instanceof Error) {
    return {
      name: value.name,
      message: redact(value.message),
      stack: value.stack ? redact(value.stack) : undefined,
    };
  }
  if (Array.isArray(value)) return value.map((item) => sanitize(item, redact, depth + 1, seen));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    // Credentials in headers are dropped whole, not just redacted.
    if (/^(authorization|cookie|set-cookie)$/i.test(key)) continue;
    out[key] = sanitize(item, redact, depth + 1, seen);
  }
  return out;
}

/** Wraps a logger so that no line it writes contains the secrets. */
export function createRedactingLogger(logger: UpsellLogger, secrets: string[]): UpsellLogger {
  const redact = createRedactor(secrets);
  const wrap =
    (level: keyof UpsellLogger) => (message: string, detail?: Record<string, unknown>) => {
      try {
        const safeMessage = redact(String(message));
        if (detail === undefined) logger[level](safeMessage);
        else
          logger[level](
            safeMessage,
            sanitize(detail, redact, 0, new WeakSet()) as Record<string, unknown>,
          );
      } catch {
        // A logger that throws must not turn a handled request into a 500.
      }
    };
  return { info: wrap('info'), warn: wrap('warn'), error: wrap('error') };
}
