export { createUpsellHandler } from './handler/create-upsell-handler';
export type { UpsellHandler } from './handler/create-upsell-handler';
export type { ConnectionCheck } from './handler/verify-connection';
export type { UpsellHandlerOptions, UpsellLimits } from './handler/upsell-handler-options';
export type { FrequencyCap, FrequencyCapsOptions, FrequencyWindow } from './handler/frequency-caps';
export type { ChargebeeConnectionOptions } from './upstream/chargebee-connection-options';
export { createMemoryStore } from './stores/create-memory-store';
export type { MemoryStoreOptions } from './stores/create-memory-store';
export type { UpsellStore } from './stores/upsell-store';
export type { SlidingWindowRequest, SlidingWindowResult } from './stores/sliding-window';
export type { BudgetAdmissionRequest, BudgetAdmissionResult } from './stores/budget-admission';
export type { ListPushOptions } from './stores/store-list';
export type { UpsellStats } from './observability/upsell-stats';
export type {
  TelemetryCounter,
  TelemetryMeter,
  TelemetrySpan,
  TelemetryTracer,
  UpsellTelemetry,
} from './observability/upsell-telemetry';
export type { OfferCacheOptions } from './upstream/offer-cache';
export type { EventQueueOptions } from './events/event-queue-options';
export type { UpstreamBudgetOptions } from './upstream/upstream-budget-options';
export type { PauseScope, UpstreamPriority } from './upstream/upstream-priority';
export { grantPromotionalCredits } from './grants/grant-promotional-credits';
export type { PromotionalGrantInput } from './grants/grant-promotional-credits';
export { promotionalCredits } from './grants/promotional-credits';
export type { PromotionalCreditsOptions } from './grants/promotional-credits';
export type { Fulfiller, FulfillerContext, FulfillerResult } from './fulfillment/fulfiller';
export type {
  UpsellEvent,
  UpsellEventType,
  UpsellServerEvent,
  UpsellServerEventType,
} from './handler/upsell-server-event';
export type { UpsellLogger } from './http/upsell-logger';
export type {
  UpstreamRequest,
  UpstreamResponse,
  UpstreamTransport,
} from './upstream/upstream-transport';
export { withStoreDeadline } from './stores/with-store-deadline';
export type { StoreDeadlineOptions } from './stores/with-store-deadline';
export { StoreUnavailableError, isStoreUnavailable } from './stores/store-unavailable-error';
export type { UnknownOutcome, UnknownOutcomeResolution } from './fulfillment/unknown-outcome';
export type { TrustProxy } from './http/request-hosts';
export type { CustomFields, Fulfillment, FulfillmentGrant, Identity } from '@upsell-kit/core';
export type { ConfigurationProblem } from './upstream/configuration-errors';
