import { upstreamFailureOf } from '../upstream/call-upstream';
import type { Fulfiller } from '../fulfillment/fulfiller';
import { checkAmount, grantPromotionalCredits } from './grant-promotional-credits';

/**
 * Options of {@link promotionalCredits}.
 * @example { unitId: 'ai_credits', amount: '50', expiresIn: 30 * 86_400, metadata: { campaign: 'ai-bonus' } }
 */
export interface PromotionalCreditsOptions {
  /** The credit unit, e.g. `ai_credits`. */
  unitId: string;
  /** A decimal string > 0, e.g. `'50'`. */
  amount: string;
  /** Seconds from the accept until the credits expire. */
  expiresIn: number;
  /** Stored with the grant as is. @default undefined */
  metadata?: Record<string, unknown>;
}

/**
 * A ready {@link Fulfiller}: on accept of a webhook / email / url_redirect option mapped to it,
 * grants promotional credits to the identity's subscription (idempotency key derived from the
 * fulfillment id, so a retry never grants twice); the handler then marks the fulfillment
 * `completed`, or `failed` with a reason, and the response carries `grant`.
 *
 * @example
 * createUpsellHandler({
 *   ...options,
 *   fulfill: { 'ai-bonus-offer': promotionalCredits({ unitId: 'ai_credits', amount: '50', expiresIn: 30 * 86400 }) },
 * });
 */
export function promotionalCredits(options: PromotionalCreditsOptions): Fulfiller {
  const { unitId, amount, expiresIn, metadata } = options;
  if (typeof unitId !== 'string' || unitId.length === 0 || unitId.length > 50) {
    throw new TypeError(
      'promotionalCredits: unitId must be a non-empty string of at most 50 characters.',
    );
  }
  try {
    checkAmount(amount);
  } catch (error) {
    throw new TypeError(`promotionalCredits: ${(error as Error).message}`);
  }
  if (!Number.isSafeInteger(expiresIn) || expiresIn <= 0) {
    throw new TypeError(
      'promotionalCredits: expiresIn must be a positive whole number of seconds.',
    );
  }

  return async ({ fulfillment, identity, chargebee }) => {
    if (!identity.subscriptionId) {
      return { status: 'failed', reason: 'No subscription to grant the credits to.' };
    }
    const expiresAt = Math.floor(Date.now() / 1000) + expiresIn;
    const grant = {
      subscriptionId: identity.subscriptionId,
      unitId,
      amount,
      expiresAt,
      ...(metadata === undefined ? {} : { metadata }),
      idempotencyKey: `upsell-kit-fulfillment-${fulfillment.id}`,
    };
    try {
      await grantPromotionalCredits(chargebee, grant);
    } catch (error) {
      // The idempotency key makes one retry safe when the first answer was lost.
      const failure = upstreamFailureOf(error);
      if (!failure || failure.definite) throw error;
      await grantPromotionalCredits(chargebee, grant);
    }
    return { status: 'completed', grant: { unit_id: unitId, amount, expires_at: expiresAt } };
  };
}
