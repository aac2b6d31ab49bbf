import { QueryClient, QueryObserver, queryOptions, useQuery } from '@tanstack/react-query';
import type { UseQueryOptions } from '@tanstack/react-query';
import { offersQueryKey, offersQueryOptions } from '@upsell-kit/core';
import type { OffersResponse, UpsellClient, UpsellError } from '@upsell-kit/core';
import { expectTypeOf } from 'vitest';

// Checked by `tsc` (pnpm typecheck): core's structurally typed query options (core imports no
// TanStack package) are what TanStack's own types accept, as `useQuery` and `queryOptions` take them
// and as query-core's `QueryObserver` (every adapter's base) does.
declare const client: UpsellClient;
const options = offersQueryOptions(client, { scope: '/api/upsell', custom: { seats: 3 } });

expectTypeOf(options).toExtend<UseQueryOptions<OffersResponse, UpsellError | Error>>();
expectTypeOf(queryOptions(options).queryKey).toExtend<readonly unknown[]>();
expectTypeOf(useQuery<OffersResponse, UpsellError | Error>).toBeCallableWith({
  ...options,
  enabled: false,
});
new QueryObserver<OffersResponse, UpsellError | Error>(new QueryClient(), options);
void new QueryClient().invalidateQueries({ queryKey: offersQueryKey('/api/upsell') });

// The key's shape stays what apps may already match on.
expectTypeOf(options.queryKey[0]).toEqualTypeOf<'upsell-offers'>();
