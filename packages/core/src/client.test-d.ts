import { expectTypeOf } from 'vitest';
import { createUpsellClient } from './index';
import type {
  EventRequest,
  Fulfillment,
  FulfillmentCreateResult,
  FulfillmentRequest,
  FulfillmentResponse,
  OffersRequest,
  OffersResponse,
  PollFulfillmentOptions,
  PollFulfillmentResult,
  UpsellClient,
  UpsellClientOptions,
  UpsellRequestOptions,
} from './index';

// Checked by `tsc` (pnpm typecheck): the core client's public types keep their shape.

// Options are all optional; the factory takes none or an options object and returns the client.
expectTypeOf(createUpsellClient).toEqualTypeOf<(options?: UpsellClientOptions) => UpsellClient>();
expectTypeOf<Record<never, never>>().toExtend<UpsellClientOptions>();
expectTypeOf<UpsellClientOptions['baseUrl']>().toEqualTypeOf<string | undefined>();
expectTypeOf<UpsellClientOptions['fetch']>().toEqualTypeOf<typeof fetch | undefined>();
expectTypeOf<{ baseUrl: number }>().not.toExtend<UpsellClientOptions>();

// Requests take an abort signal; polling adds its timing knobs and an update callback.
expectTypeOf<UpsellRequestOptions>().toEqualTypeOf<{ signal?: AbortSignal }>();
expectTypeOf<PollFulfillmentOptions>().toExtend<UpsellRequestOptions>();
expectTypeOf<PollFulfillmentOptions['onUpdate']>().toEqualTypeOf<
  ((fulfillment: Fulfillment) => void) | undefined
>();
expectTypeOf<PollFulfillmentResult>().toEqualTypeOf<{
  fulfillment: Fulfillment;
  timedOut: boolean;
}>();

// The five calls, one per route of docs/http-api.md.
expectTypeOf<UpsellClient['getOffers']>().toEqualTypeOf<
  (body: OffersRequest, init?: UpsellRequestOptions) => Promise<OffersResponse>
>();
expectTypeOf<UpsellClient['sendEvent']>().toEqualTypeOf<(body: EventRequest) => Promise<void>>();
expectTypeOf<UpsellClient['createFulfillment']>().toEqualTypeOf<
  (body: FulfillmentRequest) => Promise<FulfillmentCreateResult>
>();
expectTypeOf<FulfillmentCreateResult['replayed']>().toEqualTypeOf<boolean>();
expectTypeOf<UpsellClient['getFulfillment']>().toEqualTypeOf<
  (id: string, token: string, init?: UpsellRequestOptions) => Promise<FulfillmentResponse>
>();
expectTypeOf<UpsellClient['pollFulfillment']>().toEqualTypeOf<
  (id: string, token: string, options?: PollFulfillmentOptions) => Promise<PollFulfillmentResult>
>();

// A client is all a consumer needs to hold: no hidden members beyond the five calls.
expectTypeOf<keyof UpsellClient>().toEqualTypeOf<
  'getOffers' | 'sendEvent' | 'createFulfillment' | 'getFulfillment' | 'pollFulfillment'
>();
