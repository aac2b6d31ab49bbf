/**
 * The query key prefix of every offers query of one cache scope (see `offersQueryOptions`):
 * invalidate it to refetch them all, e.g. after a completed fulfillment (a new plan may mean new
 * offers).
 *
 * @example queryClient.invalidateQueries({ queryKey: offersQueryKey('/api/upsell') })
 */
export function offersQueryKey(scope: string): readonly ['upsell-offers', string] {
  return ['upsell-offers', scope];
}
