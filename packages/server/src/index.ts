export { createUpsellHandler } from './create-upsell-handler';
export type { UpsellHandler } from './create-upsell-handler';
export type {
  ChargebeeConnectionOptions,
  UpsellHandlerOptions,
  UpsellLimits,
} from './upsell-handler-options';
export { createMemoryStore } from './create-memory-store';
export type { MemoryStoreOptions } from './create-memory-store';
export type { UpsellStore } from './store';
export { withStoreDeadline } from './stores/with-store-deadline';
export type { StoreDeadlineOptions } from './stores/with-store-deadline';
export { StoreUnavailableError, isStoreUnavailable } from './stores/store-unavailable-error';
export type { UnknownOutcome, UnknownOutcomeResolution } from './fulfillment/unknown-outcome';
export type { TrustProxy } from './http/request-hosts';
export { grantPromotionalCredits } from './grant-promotional-credits';
export type { PromotionalGrantInput } from './grant-promotional-credits';
export { promotionalCredits } from './promotional-credits';
export type { PromotionalCreditsOptions } from './promotional-credits';
export type { Fulfiller, FulfillerContext, FulfillerResult } from './fulfiller';
export type { UpsellEvent, UpsellEventType } from './upsell-event';
export type { UpsellLogger } from './upsell-logger';
export type { UpstreamRequest, UpstreamResponse, UpstreamTransport } from './upstream-transport';
export type { CustomFields, Fulfillment, FulfillmentGrant, Identity } from '@upsell-kit/core';
