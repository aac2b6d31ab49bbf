import type { FulfillmentStatus } from '@upsell-kit/core';
import type { ProcessingLayout, ProcessingType } from './scenario';

/** An option as Chargebee returns it inside a personalized offer. */
export interface PersonalizedOfferOption {
  /** Option id. */
  id: string;
  /** Button label. */
  label: string;
  /** How it is fulfilled. */
  processing_type: ProcessingType;
  /** Layout hint (absent when not configured). */
  processing_layout?: ProcessingLayout;
  /** Redirect target (absent when not configured). */
  redirect_url?: string;
}

/** A personalized offer as returned by `POST /api/v2/personalized_offers`. */
export interface PersonalizedOffer {
  /** `${offer_id}_${8 hex}`, fresh on every response. */
  id: string;
  /** The base offer id. */
  offer_id: string;
  /** HTML content. */
  content: { title: string; description: string };
  /** The options. */
  options: PersonalizedOfferOption[];
}

/** Fulfillment error codes Chargebee uses. */
export type FulfillmentErrorCode =
  | 'billing_update_failed'
  | 'checkout_abandoned'
  | 'external_fulfillment_failed'
  | 'internal_error'
  | 'fulfillment_expired';

/** An offer fulfillment as Chargebee returns it. */
export interface OfferFulfillment {
  /** Fulfillment id. */
  id: string;
  /** The personalized offer it fulfills. */
  personalized_offer_id: string;
  /** The accepted option. */
  option_id: string;
  /** The option's processing type. */
  processing_type: ProcessingType;
  /** Lifecycle status. */
  status: FulfillmentStatus;
  /** The option's redirect URL, when it has one. */
  redirect_url?: string;
  /** Unix seconds. */
  created_at: number;
  /** Unix seconds, once completed. */
  completed_at?: number;
  /** Unix seconds, once failed. */
  failed_at?: number;
  /** Why it failed (`message` is for developers, not end customers). */
  error?: { code: FulfillmentErrorCode | (string & {}); message: string };
}

/** The hosted checkout page returned when a checkout option is accepted. */
export interface HostedPage {
  /** Hosted page id. */
  id: string;
  /** Always `checkout_existing` here. */
  type: 'checkout_existing';
  /** The page URL (`{publicUrl}/hosted_pages/{id}`). */
  url: string;
  /** `created` until paid (`succeeded`) or abandoned (`cancelled`). */
  state: 'created' | 'requested' | 'succeeded' | 'cancelled' | 'acknowledged';
  /** Whether the page is meant for an iframe. */
  embed: boolean;
  /** Unix seconds. */
  created_at: number;
  /** Unix seconds. */
  expires_at: number;
  /** Unix seconds. */
  updated_at: number;
  /** Chargebee's object name. */
  object: 'hosted_page';
}

/** A grant block's status, as the `chargebee` SDK (3.33) types it. */
export type GrantBlockStatus =
  'active' | 'archived' | 'deleted' | 'available' | 'exhausted' | 'scheduled' | 'in_grace_period';

/** A grant block (Chargebee Billing credits). Amounts are decimal strings. */
export interface GrantBlock {
  /** Grant block id. */
  id: string;
  /** Owning subscription. */
  subscription_id: string;
  /** Always `provisioned` for promotional grants. */
  account_type: 'provisioned';
  /** Credit unit, e.g. `ai_credits`. */
  unit_id: string;
  /** Always `credit_unit`. */
  unit_type: 'credit_unit';
  /** Amount granted. */
  granted_amount: string;
  /** Unix seconds. */
  effective_from: number;
  /** Unix seconds. */
  expires_at: number;
  /** Remaining balance. */
  balance: string;
  /** Held amount. */
  hold_amount: string;
  /** Used amount. */
  used_amount: string;
  /** Amount expired (the balance moves here at `expires_at`). */
  expired_amount: string;
  /** Rolled-over amount. */
  rolled_over_amount: string;
  /** Voided amount. */
  voided_amount: string;
  /**
   * The SDK's grant-block statuses. The simulator uses `active`, then `archived` once the block
   * has expired (Chargebee does not document which one an expired block takes).
   */
  status: GrantBlockStatus;
  /** Always `promotional_grants` here. */
  grant_source: 'promotional_grants';
  /** Unix seconds. */
  created_at: number;
  /** Unix seconds. */
  modified_at: number;
  /** Incremented on each change. */
  resource_version: number;
  /** The grant's metadata, verbatim. */
  metadata?: Record<string, unknown>;
}

/** A ledger operation (an allocation from a grant, or an expiry). */
export interface LedgerOperation {
  /** Operation id. */
  id: string;
  /** Owning subscription. */
  subscription_id: string;
  /** Credit unit. */
  unit_id: string;
  /** Always `credit_unit`. */
  unit_type: 'credit_unit';
  /** `allocation` for a grant, `expiry` when a block expires. */
  type: 'allocation' | 'expiry';
  /** Amount moved. */
  amount: string;
  /** Account balance before. */
  provisioned_start_balance: string;
  /** Account balance after. */
  provisioned_end_balance: string;
  /** Always `0` here. */
  overdraft_start_balance: string;
  /** Always `0` here. */
  overdraft_end_balance: string;
  /** Unix seconds. */
  ledger_operation_timestamp: number;
  /** Unix seconds. */
  created_at: number;
  /** Unix seconds. */
  modified_at: number;
  /** The grant's metadata, verbatim. */
  metadata?: Record<string, unknown>;
}

/** Chargebee's error body. */
export interface ChargebeeErrorBody {
  /** For developers. */
  message: string;
  /** `invalid_request`, `operation_failed`, … (absent for auth, rate-limit and server errors). */
  type?: string;
  /** Machine-readable code, e.g. `param_wrong_value`. */
  api_error_code: string;
  /** The offending parameter, e.g. `request_context[url]`. */
  param?: string;
  /** The HTTP status. */
  http_status_code: number;
}
