import type { FrequencyCapInfo, Identity } from '@upsell-kit/core';
import type { StoreFallback } from '../stores/create-store-fallback';

/**
 * A window length: milliseconds, or a number with a unit — `s`, `m`, `h`, `d` (`'30m'`, `'24h'`,
 * `'7d'`).
 * @example '24h'
 */
export type FrequencyWindow = number | `${number}${'s' | 'm' | 'h' | 'd'}`;

/**
 * At most `max` displays in any window of `per`, counted per identity (customer + user).
 * @example { max: 2, per: '24h' }
 */
export interface FrequencyCap {
  /** Displays allowed in any window. */
  max: number;
  /** The sliding window. */
  per: FrequencyWindow;
}

/**
 * The `frequency` option of `createUpsellHandler`: how often a customer may be shown a prompt,
 * across tabs, devices and server instances (counted in the store). A display counts when its
 * `viewed` arrives; once a cap is reached, `POST /offers` answers no offer, without a Chargebee
 * call, until the window has room again.
 *
 * @example
 * frequency: {
 *   app: { max: 3, per: '24h' },                  // every prompt of the app together
 *   placements: {
 *     'export-modal': { max: 1, per: '7d' },      // this placement
 *     '*': { max: 2, per: '24h' },                // each other placement, on its own
 *   },
 * }
 */
export interface FrequencyCapsOptions {
  /** Every display of the identity, whatever the placement. @default undefined (no cap) */
  app?: FrequencyCap;
  /**
   * Per placement (the browser's `placementId`), by its id; `'*'` for each placement not listed.
   * A prompt without a placement counts app-wide only.
   * @default {}
   */
  placements?: Record<string, FrequencyCap>;
}

/** A cap, checked. */
interface CheckedCap {
  max: number;
  perMs: number;
}

/** The `frequency` option, checked (see {@link checkFrequencyCaps}). */
export interface CheckedFrequencyCaps {
  app: CheckedCap | undefined;
  placements: ReadonlyMap<string, CheckedCap>;
}

const UNITS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
/** The longest window: a year. Longer ones are a typo, and stores expire keys by it. */
const MAX_WINDOW_MS = 366 * 86_400_000;

function windowMs(per: FrequencyWindow, name: string): number {
  const match = typeof per === 'string' ? /^(\d+(?:\.\d+)?)([smhd])$/.exec(per) : null;
  const ms =
    typeof per === 'number' ? per : match ? Number(match[1]) * UNITS[match[2] as 's'] : NaN;
  if (!(ms >= 1_000 && ms <= MAX_WINDOW_MS)) {
    throw new RangeError(
      `createUpsellHandler: ${name}.per must be a window from 1 s to 366 d, as milliseconds or '30m', '24h', '7d' (got ${JSON.stringify(per)}).`,
    );
  }
  return Math.round(ms);
}

function checkCap(cap: FrequencyCap | undefined, name: string): CheckedCap | undefined {
  if (cap === undefined) return undefined;
  if (typeof cap !== 'object' || cap === null) {
    throw new TypeError(`createUpsellHandler: ${name} must be { max, per }.`);
  }
  if (!Number.isSafeInteger(cap.max) || cap.max < 1) {
    throw new RangeError(`createUpsellHandler: ${name}.max must be a positive integer.`);
  }
  return { max: cap.max, perMs: windowMs(cap.per, name) };
}

/**
 * Checks the `frequency` option (pure); `undefined` when no cap is set.
 * @example checkFrequencyCaps({ app: { max: 2, per: '24h' } })?.app // { max: 2, perMs: 86_400_000 }
 */
export function checkFrequencyCaps(
  options: FrequencyCapsOptions | undefined,
): CheckedFrequencyCaps | undefined {
  if (options === undefined) return undefined;
  const app = checkCap(options.app, 'frequency.app');
  const placements = new Map<string, CheckedCap>();
  for (const [id, cap] of Object.entries(options.placements ?? {})) {
    const checked = checkCap(cap, `frequency.placements[${JSON.stringify(id)}]`);
    if (checked) placements.set(id, checked);
  }
  return app || placements.size > 0 ? { app, placements } : undefined;
}

/** What the caps need of the handler's context. */
export interface FrequencyContext {
  readonly frequencyCaps?: CheckedFrequencyCaps | undefined;
  readonly storeFallback: StoreFallback;
}

/** The caps that apply to a display of `placementId`, each with its store key. */
function capsFor(
  caps: CheckedFrequencyCaps,
  identity: Identity,
  placementId: string | undefined,
): { key: string; cap: CheckedCap; scope: FrequencyCapInfo['scope'] }[] {
  // As the rate limits count: per customer and user. JSON keeps the parts apart whatever they hold.
  const who = JSON.stringify([
    identity.customerId,
    identity.externalUserId ?? identity.email ?? '',
  ]);
  const out: { key: string; cap: CheckedCap; scope: FrequencyCapInfo['scope'] }[] = [];
  if (caps.app) out.push({ key: `freq:app:${caps.app.perMs}:${who}`, cap: caps.app, scope: 'app' });
  const placed =
    placementId === undefined
      ? undefined
      : (caps.placements.get(placementId) ?? caps.placements.get('*'));
  if (placed && placementId !== undefined) {
    out.push({
      key: `freq:placement:${placed.perMs}:${JSON.stringify(placementId)}:${who}`,
      cap: placed,
      scope: 'placement',
    });
  }
  return out;
}

/**
 * The cap that holds the offers of `placementId` back for `identity` now, or `null`. Reads the
 * counts only (a sliding window asked with limit 0; a fixed window's counter for stores without
 * sliding windows); per instance while the store is unavailable. `withRetry` (the debug member)
 * also asks when the window frees up.
 */
export async function frequencyCapHolding(
  ctx: FrequencyContext,
  identity: Identity,
  placementId: string | undefined,
  { withRetry = false, now = Date.now() }: { withRetry?: boolean; now?: number } = {},
): Promise<FrequencyCapInfo | null> {
  const caps = ctx.frequencyCaps;
  if (!caps) return null;
  for (const { key, cap, scope } of capsFor(caps, identity, placementId)) {
    const held = await ctx.storeFallback.run('frequency cap', async (store) => {
      if (store.slidingWindow) {
        const { count } = await store.slidingWindow(key, { limit: 0, windowMs: cap.perMs, now });
        if (count < cap.max) return null;
        // When it frees up is for the debug member only: asking at the cap's limit is refused
        // (the window is full) and records nothing, unless a hit expired in between — then it
        // counts as one display more, which a development server can afford.
        if (!withRetry) return 0;
        const full = await store.slidingWindow(key, {
          limit: cap.max,
          windowMs: cap.perMs,
          now,
        });
        return full.allowed ? null : Math.max(1, Math.ceil(full.retryAfterMs / 1000));
      }
      const start = Math.floor(now / cap.perMs) * cap.perMs;
      const count = Number((await store.get(`${key}:${start}`)) ?? 0);
      return count >= cap.max ? Math.max(1, Math.ceil((start + cap.perMs - now) / 1000)) : null;
    });
    if (held !== null) {
      return { scope, max: cap.max, per_ms: cap.perMs, ...(held > 0 && { retry_after: held }) };
    }
  }
  return null;
}

/**
 * Counts one display of `placementId` for `identity` against every cap that applies (a window
 * already full records nothing more).
 */
export async function countDisplay(
  ctx: FrequencyContext,
  identity: Identity,
  placementId: string | undefined,
  now = Date.now(),
): Promise<void> {
  const caps = ctx.frequencyCaps;
  if (!caps) return;
  for (const { key, cap } of capsFor(caps, identity, placementId)) {
    await ctx.storeFallback.run('frequency cap', async (store) => {
      if (store.slidingWindow) {
        await store.slidingWindow(key, { limit: cap.max, windowMs: cap.perMs, now });
        return;
      }
      const start = Math.floor(now / cap.perMs) * cap.perMs;
      await store.increment(`${key}:${start}`, cap.perMs + 1_000);
    });
  }
}
