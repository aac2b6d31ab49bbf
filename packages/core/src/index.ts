export type {
  Brand,
  CustomFields,
  CustomValue,
  DroppedOption,
  ErrorDebug,
  EventRequest,
  FrequencyCapInfo,
  Fulfillment,
  FulfillmentCreateResponse,
  FulfillmentErrorCode,
  FulfillmentGrant,
  FulfillmentRequest,
  FulfillmentResponse,
  FulfillmentStatus,
  HostedPage,
  Identity,
  Offer,
  OfferEventType,
  OfferOption,
  OffersDebug,
  OffersRequest,
  OffersResponse,
  ProcessingLayout,
  ProcessingType,
  RequestContext,
} from './types';
export {
  FULFILLMENT_STATUSES,
  LIMITS,
  OFFER_EVENT_TYPES,
  PROCESSING_LAYOUTS,
  PROCESSING_TYPES,
  URL_LIMIT,
  isFulfillmentStatus,
  isProcessingType,
} from './contract';
export { ERROR_STATUS, UpsellError, isErrorCode } from './errors';
export type { ErrorBody, ErrorCode } from './errors';
export {
  customFieldsSchema,
  errorBodySchema,
  eventRequestSchema,
  fulfillmentRequestSchema,
  IDENTITY_KEYS,
  isWellFormed,
  offersRequestSchema,
  requestContextSchema,
} from './schemas';
export { createUpsellClient } from './client';
export type {
  FulfillmentCreateResult,
  PollFulfillmentOptions,
  PollFulfillmentResult,
  UpsellClient,
  UpsellClientOptions,
  UpsellRequestOptions,
} from './client';
export { sanitizeOfferHtml } from './sanitize';
export { isSafeUrl } from './is-safe-url';
export { isAllowedNavigation } from './is-allowed-navigation';
export type { NavigationKind, NavigationRules } from './is-allowed-navigation';
export type { SanitizeOptions } from './sanitize';
export {
  FINAL_STATUSES,
  canAccept,
  createOfferMachine,
  initialOfferState,
  isFinalStatus,
  transition,
} from './lifecycle';
export type { OfferEvent, OfferMachine, OfferState, OfferStatus } from './lifecycle';
export { createOfferController } from './offer-controller';
export type { OfferController, OfferQuery } from './offer-controller';
export type { OfferControllerOptions } from './offer-controller-options';
export type { OfferAnalyticsEvent } from './offer-analytics-event';
export { createOfferRegistry } from './offer-registry';
export type { OfferDismissal, OfferRegistry } from './offer-registry';
export { syncDismissals } from './sync-dismissals';
export { createPromptArbiter } from './prompt-arbiter';
export type {
  PromptArbiter,
  PromptArbiterEntry,
  PromptArbiterOptions,
  PromptClaim,
  PromptSlot,
} from './prompt-arbiter';
export { explainPrompt } from './explain-prompt';
export type { PromptExplanation, PromptFacts, PromptReason } from './explain-prompt';
export { offerStatusMessage } from './offer-status-message';
export { offersQueryOptions } from './offers-query-options';
export type {
  OffersQueryInput,
  OffersQueryKey,
  OffersQueryOptions,
  OffersQueryState,
} from './offers-query-options';
export { offersQueryKey } from './offers-query-key';
export type { OfferStatusMessages, OfferUnitLabel } from './offer-status-messages';
