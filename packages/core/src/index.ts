export type {
  Brand,
  CustomFields,
  CustomValue,
  EventRequest,
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
  OffersRequest,
  OffersResponse,
  ProcessingLayout,
  ProcessingType,
  RequestContext,
} from './types';
export { ERROR_STATUS, UpsellError, isErrorCode } from './errors';
export type { ErrorBody, ErrorCode } from './errors';
export {
  LIMITS,
  customFieldsSchema,
  errorBodySchema,
  eventRequestSchema,
  fulfillmentCreateResponseSchema,
  fulfillmentRequestSchema,
  fulfillmentResponseSchema,
  fulfillmentSchema,
  IDENTITY_KEYS,
  isWellFormed,
  offerSchema,
  offersRequestSchema,
  offersResponseSchema,
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
