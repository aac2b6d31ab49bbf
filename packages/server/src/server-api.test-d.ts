import type { Fulfillment, FulfillmentGrant, Identity } from '@upsell-kit/core';
import type Chargebee from 'chargebee';
import { expectTypeOf } from 'vitest';
import type {
  ConnectionCheck,
  Fulfiller,
  FulfillerContext,
  FulfillerResult,
  ListPushOptions,
  BudgetAdmissionRequest,
  BudgetAdmissionResult,
  SlidingWindowRequest,
  SlidingWindowResult,
  UnknownOutcome,
  UpsellEvent,
  UpsellHandler,
  UpsellHandlerOptions,
  UpsellServerEvent,
  UpsellServerEventType,
  UpsellStore,
  UpstreamBudgetOptions,
  UpstreamPriority,
  EventQueueOptions,
} from './index';
import type { toExpressMiddleware, upsellRouter } from './express';
import type { NodeAdapterOptions, toNodeHandler, toNodeListener } from './node';

// Checked by `tsc` (pnpm typecheck): the server's public types keep their shape.

// Options: identify and chargebee are required, the rest optional.
expectTypeOf<UpsellHandlerOptions['identify']>().toEqualTypeOf<
  (request: Request) => Identity | null | Promise<Identity | null>
>();
expectTypeOf<UpsellHandlerOptions['chargebee']>().toExtend<unknown>();
expectTypeOf<{ site: string; apiKey: string }>().toExtend<UpsellHandlerOptions['chargebee']>();
expectTypeOf<Chargebee>().toExtend<UpsellHandlerOptions['chargebee']>();
expectTypeOf<Pick<UpsellHandlerOptions, 'secret'>>().toEqualTypeOf<{ secret?: string }>();
expectTypeOf<UpsellHandlerOptions['limits']>().toEqualTypeOf<
  | {
      bodyBytes?: number;
      offers?: number | false;
      events?: number | false;
      fulfillments?: number | false;
      fulfillmentReads?: number | false;
    }
  | undefined
>();
expectTypeOf<UpsellHandlerOptions['fulfill']>().toEqualTypeOf<
  Record<string, Fulfiller> | undefined
>();
expectTypeOf<UpsellHandlerOptions['onEvent']>().toEqualTypeOf<
  ((event: UpsellServerEvent) => void | Promise<void>) | undefined
>();
// @ts-expect-error identify is required
const missingIdentify: UpsellHandlerOptions = { chargebee: { site: 's', apiKey: 'k' } };
void missingIdentify;

// Fulfiller: a context in, a completed (with an optional grant) or failed (with a reason) out.
expectTypeOf<Fulfiller>().toEqualTypeOf<(context: FulfillerContext) => Promise<FulfillerResult>>();
expectTypeOf<FulfillerContext>().toEqualTypeOf<{
  fulfillment: Fulfillment;
  offerId: string;
  identity: Identity;
  chargebee: Chargebee;
  request: Request;
}>();
expectTypeOf<{ status: 'completed'; grant: FulfillmentGrant }>().toExtend<FulfillerResult>();
expectTypeOf<{ status: 'failed'; reason: string }>().toExtend<FulfillerResult>();
expectTypeOf<{ status: 'failed' }>().not.toExtend<FulfillerResult>();

// UpsellStore: five async methods on strings, five optional ones for the API limit, and clear().
expectTypeOf<UpsellStore>().toEqualTypeOf<{
  get(key: string): Promise<string | null>;
  set(key: string, value: string, ttlMs: number): Promise<void>;
  setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean>;
  delete(key: string): Promise<void>;
  increment(key: string, ttlMs: number): Promise<number>;
  slidingWindow?(key: string, request: SlidingWindowRequest): Promise<SlidingWindowResult>;
  budgetAdmission?(key: string, request: BudgetAdmissionRequest): Promise<BudgetAdmissionResult>;
  listPush?(key: string, value: string, options: ListPushOptions): Promise<boolean>;
  listPop?(key: string): Promise<string | null>;
  listLength?(key: string): Promise<number>;
  clear?(): Promise<void>;
}>();
// A store with only the five still is one.
expectTypeOf<{
  get(key: string): Promise<string | null>;
  set(key: string, value: string, ttlMs: number): Promise<void>;
  setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean>;
  delete(key: string): Promise<void>;
  increment(key: string, ttlMs: number): Promise<number>;
}>().toExtend<UpsellStore>();

// The handler: a Fetch function plus the server-side operations.
expectTypeOf<UpsellHandler>().toBeCallableWith(new Request('https://x.test/api/upsell/offers'));
expectTypeOf<UpsellHandler['completeFulfillment']>().returns.toEqualTypeOf<Promise<Fulfillment>>();
expectTypeOf<UpsellHandler['reset']>().toEqualTypeOf<() => Promise<void>>();
expectTypeOf<UpsellHandler['verifyConnection']>().returns.toEqualTypeOf<Promise<ConnectionCheck>>();
expectTypeOf<ConnectionCheck['problem']>().toEqualTypeOf<
  | 'api_key'
  | 'permission'
  | 'site'
  | 'unreachable'
  | 'timeout'
  | 'budget'
  | 'unexpected'
  | undefined
>();

// Events: one word per final status (Chargebee's), the old names kept as aliases.
expectTypeOf<UpsellServerEventType>().toEqualTypeOf<
  | 'offer_fetched'
  | 'viewed'
  | 'dismissed'
  | 'accepted'
  | 'completed'
  | 'failed'
  | 'upstream_shed'
  | 'upstream_paused'
  | 'event_queued'
  | 'event_delivered'
  | 'event_dropped'
  | 'outcome_unknown'
  | 'request_timeout'
>();
expectTypeOf<UpsellHandler['listUnknownOutcomes']>().returns.toEqualTypeOf<
  Promise<UnknownOutcome[]>
>();
expectTypeOf<UpsellEvent>().toEqualTypeOf<UpsellServerEvent>();
// One noisy customer is named by a hash only.
expectTypeOf<UpsellServerEvent['identityHash']>().toEqualTypeOf<string | undefined>();

// The budget's classes, highest first: creates and grants, status reads, dismissals, fetches, views.
expectTypeOf<UpstreamPriority>().toEqualTypeOf<
  'critical' | 'status' | 'dismissed' | 'offers' | 'viewed'
>();
expectTypeOf<UpstreamBudgetOptions['reserves']>().toEqualTypeOf<
  { critical?: number; status?: number; dismissed?: number; offers?: number } | undefined
>();
expectTypeOf<EventQueueOptions>().toEqualTypeOf<{
  maxLength?: number;
  perIdentity?: number;
  viewedDedupeMs?: number;
}>();
expectTypeOf<ListPushOptions>().toEqualTypeOf<{
  maxLength: number;
  front?: boolean;
  group?: string;
  groupLimit?: number;
}>();

// Adapters: the deprecated names are the same functions.
expectTypeOf<typeof upsellRouter>().toEqualTypeOf<typeof toExpressMiddleware>();
expectTypeOf<typeof toNodeListener>().toEqualTypeOf<typeof toNodeHandler>();
// Both take the body deadline.
expectTypeOf<typeof toNodeHandler>().parameter(1).toEqualTypeOf<NodeAdapterOptions | undefined>();
expectTypeOf<typeof toExpressMiddleware>()
  .parameter(1)
  .toEqualTypeOf<NodeAdapterOptions | undefined>();
