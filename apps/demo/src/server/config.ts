import { randomBytes } from 'node:crypto';

/** How the demo reaches Chargebee. */
type ChargebeeMode =
  | {
      kind: 'simulator';
      port: number;
      /** Chargebee's API limit the simulator models: a test site's 150 a minute unless set. */
      apiLimit: number | false;
    }
  | { kind: 'chargebee'; site: string; apiKey: string; baseUrl?: string };

/** The demo server's configuration, read from the environment. */
export interface DemoConfig {
  port: number;
  host: string;
  chargebee: ChargebeeMode;
  redisUrl?: string;
  /** Signs offer tokens and (derived) the demo session cookie. */
  secret: string;
  secretSource: 'UPSELL_SECRET' | 'random';
  /** CHARGEBEE_BASE_URL was set without CHARGEBEE_SITE and CHARGEBEE_API_KEY, so it is not used. */
  baseUrlIgnored: boolean;
  /** Directory of the built page. */
  clientDir: string;
  /**
   * The origin browsers open when it is not the server's own: a dev proxy in front of it (Vite's,
   * `pnpm dev`). Checkout pages of the embedded simulator are served under it, since the kit opens
   * only pages of the page's own origin (or `https:`).
   */
  publicUrl?: string;
}

function apiLimit(value: string | undefined): number | false {
  if (value === undefined || value.trim() === '') return 150;
  if (value.trim() === 'off') return false;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) {
    throw new Error(
      `SIMULATOR_API_LIMIT must be a whole number of calls per minute or off, got ${JSON.stringify(value)}`,
    );
  }
  return n;
}

function port(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    throw new Error(`${name} must be a port number (0-65535), got ${JSON.stringify(value)}`);
  }
  return n;
}

/** An origin (`http://localhost:5173`), or undefined when unset; anything else fails fast. */
function origin(value: string | undefined, name: string): string | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  let url: URL | undefined;
  try {
    url = new URL(value.trim());
  } catch {
    // reported below
  }
  if (!url || url.pathname !== '/' || url.search || url.hash || url.username) {
    throw new Error(
      `${name} must be an origin such as http://localhost:5173, got ${JSON.stringify(value)}`,
    );
  }
  return url.origin;
}

export function readConfig(env: NodeJS.ProcessEnv, clientDir: string): DemoConfig {
  const site = env.CHARGEBEE_SITE?.trim();
  const apiKey = env.CHARGEBEE_API_KEY?.trim();
  const baseUrl = env.CHARGEBEE_BASE_URL?.trim() || undefined;
  if (baseUrl) new URL(baseUrl); // fail fast on a typo
  const chargebee: ChargebeeMode =
    site && apiKey
      ? { kind: 'chargebee', site, apiKey, ...(baseUrl ? { baseUrl } : {}) }
      : {
          kind: 'simulator',
          port: port(env.SIMULATOR_PORT, 0, 'SIMULATOR_PORT'),
          apiLimit: apiLimit(env.SIMULATOR_API_LIMIT),
        };
  const publicUrl = origin(env.PUBLIC_URL, 'PUBLIC_URL');
  const secret = env.UPSELL_SECRET?.trim();
  if (secret !== undefined && secret !== '' && secret.length < 32) {
    throw new Error('UPSELL_SECRET must be at least 32 characters');
  }
  return {
    port: port(env.PORT, 3000, 'PORT'),
    host: env.HOST?.trim() || '0.0.0.0',
    chargebee,
    ...(env.REDIS_URL?.trim() ? { redisUrl: env.REDIS_URL.trim() } : {}),
    secret: secret || randomBytes(32).toString('base64url'),
    secretSource: secret ? 'UPSELL_SECRET' : 'random',
    baseUrlIgnored: chargebee.kind === 'simulator' && baseUrl !== undefined,
    clientDir,
    ...(publicUrl ? { publicUrl } : {}),
  };
}

function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    if (parsed.username) parsed.username = '***';
    return parsed.toString();
  } catch {
    return '(unparseable URL)';
  }
}

/** Startup lines describing the configuration. Never includes a key, a secret or a password. */
export function describeConfig(config: DemoConfig, simulatorUrl?: string): string[] {
  const lines = [`  PORT                ${config.port}`];
  if (config.publicUrl)
    lines.push(`  PUBLIC_URL          ${config.publicUrl} (the page is opened there)`);
  if (config.chargebee.kind === 'simulator') {
    lines.push(`  Chargebee           embedded simulator at ${simulatorUrl ?? '(starting)'}`);
    lines.push('                      (set CHARGEBEE_SITE and CHARGEBEE_API_KEY for a real site)');
    lines.push(
      `  SIMULATOR_API_LIMIT ${config.chargebee.apiLimit === false ? 'off' : `${config.chargebee.apiLimit} calls in any 60 s (a test site's limit unless set)`}`,
    );
    if (config.baseUrlIgnored) {
      lines.push(
        '  CHARGEBEE_BASE_URL  ignored: it needs CHARGEBEE_SITE and CHARGEBEE_API_KEY as well',
      );
    }
  } else {
    lines.push(`  CHARGEBEE_SITE      ${config.chargebee.site}`);
    lines.push('  CHARGEBEE_API_KEY   set (hidden)');
    lines.push(
      `  CHARGEBEE_BASE_URL  ${config.chargebee.baseUrl ? redactUrl(config.chargebee.baseUrl) : '(unset: Chargebee hosts)'}`,
    );
  }
  lines.push(
    `  Store               ${config.redisUrl ? `Redis at ${redactUrl(config.redisUrl)}` : 'in memory (set REDIS_URL for Redis)'}`,
  );
  lines.push(
    `  UPSELL_SECRET       ${config.secretSource === 'UPSELL_SECRET' ? 'set (hidden)' : 'unset: random per process (sessions and offer tokens end on restart)'}`,
  );
  return lines;
}
