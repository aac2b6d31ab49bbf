'use client';
import { useQuery } from '@tanstack/react-query';
import type { UseQueryResult } from '@tanstack/react-query';
import { LIMITS, URL_LIMIT } from '@upsell-kit/core';
import type { CustomFields, OffersResponse, RequestContext, UpsellError } from '@upsell-kit/core';
import type { UpsellContextValue } from './upsell-context';

/** The React Query key prefix of every offers query (the hook's and the invalidation's). */
export const OFFERS_KEY = 'upsell-offers';

// setTimeout overflows above 2^31 - 1 ms (about 24.8 days) and would fire at once.
const MAX_TIMER = 2 ** 31 - 1;

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
 * The offers request of one usage context, cached by React Query: one request per distinct
 * context and client, fresh until the offers expire.
 */
export function useOffersQuery(
  ctx: UpsellContextValue,
  custom: CustomFields,
  context: RequestContext | undefined,
  enabled: boolean,
): UseQueryResult<OffersResponse, UpsellError | Error> {
  const { client, scope, queryClient, locale } = ctx;
  // The prompt's locale, else the provider's (else the browser's, when sent). No memo: React Query
  // hashes the key by content, and drops an undefined `locale` from it.
  const requestContext: RequestContext = { ...context, locale: context?.locale || locale };
  return useQuery<OffersResponse, UpsellError | Error>(
    {
      queryKey: [OFFERS_KEY, scope, custom, requestContext],
      // No abort signal on purpose: React Query cancels a query whose signal was read when its
      // last observer unmounts, and StrictMode's unmount-remount would then send a second request.
      queryFn: () => {
        if (process.env.NODE_ENV !== 'production') warnOnInvalidCustom(custom);
        return client.getOffers({ custom, context: withBrowserContext(requestContext) });
      },
      enabled,
      // Fresh until the offer expires, then refetched (while shown) and stale (on next mount).
      staleTime: (q) => msUntil(q.state.data?.expires_at) ?? 60_000,
      // At least 30 s apart: a browser clock ahead of the server's must not hammer it.
      refetchInterval: (q) =>
        q.state.data?.expires_at
          ? Math.min(Math.max(msUntil(q.state.data.expires_at) as number, 30_000), MAX_TIMER)
          : false,
      // One retry, only when the server or the network was briefly unavailable.
      retry: (count, error) =>
        !count &&
        ['network_error', 'upstream_unavailable', 'upstream_timeout'].includes(
          (error as UpsellError).code,
        ),
    },
    queryClient,
  );
}
