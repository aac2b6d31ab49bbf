import type { Fulfillment, FulfillmentGrant, Identity } from '@upsell-kit/core';
import type Chargebee from 'chargebee';

/**
 * What a {@link Fulfiller} gets to work with.
 * @example async ({ fulfillment, identity }) => { await provision(identity.customerId, fulfillment.option_id); return { status: 'completed' }; }
 */
export interface FulfillerContext {
  /** The fulfillment Chargebee just created (status `in_progress`). */
  fulfillment: Fulfillment;
  /** The base offer id. */
  offerId: string;
  /** Who accepted the offer. */
  identity: Identity;
  /** The handler's Chargebee SDK instance. */
  chargebee: Chargebee;
  /** The accept request (headers, URL), for fulfillers that need more context. */
  request: Request;
}

/**
 * The outcome of a {@link Fulfiller}: the handler reports it to Chargebee's Update API.
 * `failed` needs a reason (≤ 100 characters, cut beyond); `grant` shows up in the response.
 * @example { status: 'failed', reason: 'No seats left on this plan.' }
 */
export type FulfillerResult =
  | { status: 'completed'; grant?: FulfillmentGrant | null }
  | { status: 'failed'; reason: string; grant?: null };

/**
 * Provisions an accepted webhook / email / url_redirect option on the server, right after
 * Chargebee created the fulfillment. The handler then marks the fulfillment `completed` or
 * `failed` (with the reason) through Chargebee's Update API. A thrown error counts as `failed`.
 *
 * @example
 * const fulfill = { 'ai-credits-offer': promotionalCredits({ unitId: 'ai_credits', amount: '50', expiresIn: 30 * 86400 }) };
 */
export type Fulfiller = (context: FulfillerContext) => Promise<FulfillerResult>;
