import type { ErrorDebug, OffersResponse } from './types';
import type { OfferState } from './lifecycle';
import type { UpsellError } from './errors';

/**
 * Why a prompt shows, or does not: `shown` (on screen, nothing held it back), or what held it back
 * or ended it.
 */
export type PromptReason =
  | 'shown'
  | 'loading'
  | 'disabled'
  | 'closed'
  | 'waiting'
  | 'no_offer'
  | 'options_dropped'
  | 'capped'
  | 'dismissed'
  | 'accepted'
  | 'expired'
  | 'unauthenticated'
  | 'shed'
  | 'paused'
  | 'upstream_unavailable'
  | 'rate_limited'
  | 'error';

/** What {@link explainPrompt} reads: a prompt as its binding knows it. */
export interface PromptFacts {
  /** The app's own condition (`enabled`). */
  enabled: boolean;
  /** The prompt's open state (`false`: closed by the app or the user). @default true */
  open?: boolean | undefined;
  /** Waiting behind another prompt (the provider's arbiter). @default false */
  waiting?: boolean | undefined;
  /** The lifecycle state. */
  state: OfferState;
  /** The last offers answer, with its development-only `debug` member. */
  data?: OffersResponse | undefined;
  /** The last failure of the offers request. */
  error?: UpsellError | Error | null | undefined;
  /** The clock. @default Date.now() */
  now?: number;
}

/** {@link explainPrompt}'s answer: the reason and one sentence for a developer. */
export interface PromptExplanation {
  reason: PromptReason;
  detail: string;
}

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

/**
 * Says why a prompt shows or does not ("why no offer?"), from what the browser knows and what a
 * server with `debug: true` added (`capped`, `dropped_options`, and `shed` / `paused` behind a
 * 503). Pure, for the debug panel (`@upsell-kit/react/debug`) and for tests and logs of bindings.
 *
 * @example
 * explainPrompt({ enabled: true, state, data }).reason // 'capped'
 */
export function explainPrompt(facts: PromptFacts): PromptExplanation {
  const { state, data, error } = facts;
  const { status } = state;
  const debug = data?.debug;
  const dropped = debug?.dropped_options ?? [];
  if (!facts.enabled) {
    return {
      reason: 'disabled',
      detail: "The app's own condition is not met (enabled={false}): no request was sent.",
    };
  }
  if (status === 'dismissed') {
    return {
      reason: 'dismissed',
      detail: 'The user dismissed this offer (here, in another prompt or another tab).',
    };
  }
  if (status === 'completed' || status === 'fulfilling' || status === 'already_accepted') {
    return {
      reason: 'accepted',
      detail:
        status === 'already_accepted'
          ? 'The offer was already accepted elsewhere (another tab, device or user).'
          : `The offer was accepted (${status}).`,
    };
  }
  if (!state.offer && error) return explainError(error as UpsellError);
  if (debug?.capped) {
    const { scope, max, per_ms: perMs, retry_after: retryAfter } = debug.capped;
    return {
      reason: 'capped',
      detail:
        `A frequency cap holds it back (${scope === 'app' ? 'app-wide' : `placement ${debug.placement_id ?? ''}`}: ` +
        `${plural(max, 'display')} per ${Math.round(perMs / 3_600_000)} h)` +
        (retryAfter ? `, for ${Math.ceil(retryAfter / 60)} min more.` : '.'),
    };
  }
  if (data && data.offers.length === 0) {
    return dropped.length > 0
      ? {
          reason: 'options_dropped',
          detail: `Only options of a processing type the kit does not know came back (${dropped
            .map((o) => o.processing_type)
            .join(', ')}): left out. Update the kit's server package.`,
        }
      : { reason: 'no_offer', detail: 'No offer came back for this usage context.' };
  }
  const now = facts.now ?? Date.now();
  if (state.offer && data?.expires_at && data.expires_at * 1000 <= now) {
    return { reason: 'expired', detail: 'The offer expired; a new one is being asked for.' };
  }
  if (state.offer && facts.waiting) {
    return { reason: 'waiting', detail: 'Waiting behind another prompt (the arbiter).' };
  }
  if (state.offer && facts.open === false) {
    return { reason: 'closed', detail: 'Closed (open={false}, or the user closed it).' };
  }
  if (!state.offer) {
    return { reason: 'loading', detail: 'Asking the server for offers.' };
  }
  return {
    reason: 'shown',
    detail:
      `On screen (${status}).` +
      (dropped.length > 0
        ? ` ${plural(dropped.length, 'option')} left out as unknown (${dropped
            .map((o) => o.processing_type)
            .join(', ')}).`
        : ''),
  };
}

const explainError = (error: UpsellError): PromptExplanation => {
  const reason = (error.debug as ErrorDebug | undefined)?.reason;
  switch (error.code) {
    case 'unauthenticated':
      return {
        reason: 'unauthenticated',
        detail: 'No identity: the server’s identify(request) returned null (401).',
      };
    case 'offer_expired':
      return { reason: 'expired', detail: 'The offer expired (410).' };
    case 'rate_limited':
      return { reason: 'rate_limited', detail: 'Too many requests for this identity (429).' };
    case 'upstream_unavailable':
      return reason === 'shed'
        ? {
            reason: 'shed',
            detail: "The server's API budget was short: it shed the fetch (no upstream call).",
          }
        : reason === 'paused'
          ? {
              reason: 'paused',
              detail: 'Upstream calls are paused after a 429 (or handler.pause).',
            }
          : {
              reason: 'upstream_unavailable',
              detail:
                reason === 'upstream'
                  ? 'The upstream offers API was unavailable (503).'
                  : 'Unavailable (503). Turn on the server’s debug option to tell shed from paused.',
            };
    default:
      return { reason: 'error', detail: `The offers request failed: ${error.message}` };
  }
};
