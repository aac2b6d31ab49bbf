'use client';
import { useQuery } from '@tanstack/react-query';
import type { UseQueryResult } from '@tanstack/react-query';
import { offersQueryOptions } from '@upsell-kit/core';
import type { CustomFields, OffersResponse, RequestContext, UpsellError } from '@upsell-kit/core';
import type { UpsellContextValue } from './upsell-context';

/**
 * The offers request of one usage context, cached by React Query: the core's query options
 * (`offersQueryOptions`: key, freshness until `expires_at`, refetching, retry, browser context)
 * bound to the provider's client, scope, locale and query cache.
 */
export function useOffersQuery(
  { client, scope, locale, queryClient }: UpsellContextValue,
  custom: CustomFields,
  context: RequestContext | undefined,
  enabled: boolean,
  placementId?: string,
): UseQueryResult<OffersResponse, UpsellError | Error> {
  return useQuery<OffersResponse, UpsellError | Error>(
    { ...offersQueryOptions(client, { scope, custom, context, locale, placementId }), enabled },
    queryClient,
  );
}
