import type { UpsellClient } from './client';
import { LIMITS, URL_LIMIT } from './contract';
import type { UpsellError } from './errors';
import { offersQueryKey } from './offers-query-key';
import type { CustomFields, OffersResponse, RequestContext } from './types';

/** What {@link offersQueryOptions} builds the query from. */
export interface OffersQueryInput {
  /**
   * The cache's scope: one per server and client (`@upsell-kit/react` uses the `baseUrl`, or an id
   * per client of the app's own), so that two clients never share an answer.
   * @example offersQueryOptions(client, { scope: '/api/upsell', custom })
   */
  scope: string;
  /**
   * The usage context the play's audience rules compare against.
   * @default {}
   * @example offersQueryOptions(client, { scope, custom: { storage_used_percent: 82 } })
   */
  custom?: CustomFields | undefined;
  /**
   * The request context. When the request is sent, `timezone` defaults to the browser's, `url`
   * to the page's origin and path (no query string) and `locale` to `locale`, else
   * `navigator.language`.
   * @default {}
   * @example offersQueryOptions(client, { scope, custom, context: { locale: 'de-DE' } })
   */
  context?: RequestContext | undefined;
  /**
   * The app-wide locale (a provider's), for a `context` without one.
   * @default undefined (`navigator.language`, read when the request is sent)
   * @example offersQueryOptions(client, { scope, custom, locale: 'de-DE' })
   */
  locale?: string | undefined;
  /**
   * The prompt's placement, sent as `placement_id` (the server's frequency caps count per
   * placement) and part of the key: two placements never share an answer.
   * @default undefined
   * @example offersQueryOptions(client, { scope, custom, placementId: 'dashboard-storage' })
   */
  placementId?: string | undefined;
}

/** The part of a TanStack Query `Query` the options read (structural: core needs no TanStack). */
export interface OffersQueryState {
  state: { data: OffersResponse | undefined };
}

/**
 * The key of one offers query: `['upsell-offers', scope, custom, context]`, and the placement last
 * when the prompt names one.
 */
export type OffersQueryKey =
  | readonly ['upsell-offers', string, CustomFields, RequestContext]
  | readonly ['upsell-offers', string, CustomFields, RequestContext, string];

/**
 * Query options for any TanStack Query adapter (`useQuery`, `createQuery`, `queryClient.fetchQuery`
 * …), in the shape of TanStack's own `queryOptions`.
 */
export interface OffersQueryOptions {
  queryKey: OffersQueryKey;
  queryFn: () => Promise<OffersResponse>;
  /** Fresh until the offers expire (`expires_at`), else for 60 s. */
  staleTime: (query: OffersQueryState) => number;
  /** Refetched when the offers expire, at least 30 s apart; never without `expires_at`. */
  refetchInterval: (query: OffersQueryState) => number | false;
  /** One retry, only when the server or the network was briefly unavailable. */
  retry: (failureCount: number, error: UpsellError | Error) => boolean;
}

// setTimeout overflows above 2^31 - 1 ms (about 24.8 days) and would fire at once. A literal:
// bundlers keep an unused `2 ** 31 - 1` in every bundle of core, offers query or not.
const MAX_TIMER = 2_147_483_647;

/** Milliseconds until the offers expire (`expires_at`, Unix seconds), when they do. */
const msUntil = (expiresAt: number | null | undefined) =>
  expiresAt ? Math.max(0, expiresAt * 1000 - Date.now()) : undefined;

/** Defaults that need the browser, added when the request is sent, never while rendering. */
const withBrowserContext = (context: RequestContext): RequestContext => ({
  timezone: Intl.DateTimeFormat().resolvedOptions().timeZone,
  url: (location.origin + location.pathname).slice(0, URL_LIMIT),
  ...context,
  locale: context.locale || navigator.language,
});

/** Development only: a `custom` the server would reject with 400, with the fix. */
function warnOnInvalidCustom(custom: CustomFields) {
  for (const [key, value] of Object.entries(custom)) {
    if (!LIMITS.customKeyPattern.test(key)) {
      console.warn(
        `[upsell-kit] custom key "${key}" will be rejected by the server: use letters, digits ` +
          `and "_" (not starting with a digit), at most 64 characters, e.g. "storage_used_percent".`,
      );
    } else if (
      typeof value === 'string'
        ? value.length > LIMITS.customString
        : !Number.isFinite(value as number) && typeof value !== 'boolean'
    ) {
      console.warn(
        `[upsell-kit] custom.${key} will be rejected by the server: values are finite numbers, ` +
          `booleans or strings of at most ${LIMITS.customString} characters.`,
      );
    }
  }
}

/**
 * The offers request of one usage context as TanStack Query options, so that every binding
 * (`@upsell-kit/react`, a Vue or Svelte one) caches it the same way: one request per distinct
 * scope, `custom` and context; fresh until the offers expire, then refetched while shown (at least
 * 30 s apart) and stale for the next mount; one retry for a brief outage. Add `enabled` and pass
 * it to the adapter. Invalidate {@link offersQueryKey} to refetch every offers query of a scope.
 *
 * @example
 * // @tanstack/react-query; @tanstack/vue-query and @tanstack/svelte-query take the same object.
 * useQuery({ ...offersQueryOptions(client, { scope: '/api/upsell', custom }), enabled }, queryClient);
 */
export function offersQueryOptions(
  client: UpsellClient,
  { scope, custom = {}, context, locale, placementId }: OffersQueryInput,
): OffersQueryOptions {
  // The prompt's locale, else the app's (else the browser's, when sent). TanStack hashes the key
  // by content and drops an undefined `locale` from it, so a new object per call is fine.
  const requestContext: RequestContext = { ...context, locale: context?.locale || locale };
  return {
    queryKey: placementId
      ? [...offersQueryKey(scope), custom, requestContext, placementId]
      : [...offersQueryKey(scope), custom, requestContext],
    // No abort signal on purpose: TanStack Query cancels a query whose signal was read when its
    // last observer unmounts, and React's StrictMode unmount-remount would then send a second
    // request.
    queryFn: () => {
      if (process.env.NODE_ENV !== 'production') warnOnInvalidCustom(custom);
      return client.getOffers({
        custom,
        context: withBrowserContext(requestContext),
        ...(placementId && { placement_id: placementId }),
      });
    },
    staleTime: (query) => msUntil(query.state.data?.expires_at) ?? 60_000,
    // At least 30 s apart: a browser clock ahead of the server's must not hammer it.
    refetchInterval: (query) => {
      const ms = msUntil(query.state.data?.expires_at);
      return ms === undefined ? false : Math.min(Math.max(ms, 30_000), MAX_TIMER);
    },
    retry: (count, error) =>
      !count &&
      ['network_error', 'upstream_unavailable', 'upstream_timeout'].includes(
        (error as UpsellError).code,
      ),
  };
}
