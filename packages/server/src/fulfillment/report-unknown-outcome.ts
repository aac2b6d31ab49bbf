import type { Identity } from '@upsell-kit/core';
import type { HandlerContext } from '../handler/context';
import type { OfferTokenClaims } from '../tokens/offer-token';
import type { UnknownOutcome } from './unknown-outcome';

/**
 * Records and reports a fulfillment create whose outcome is unknown (it may exist at Chargebee,
 * its reward not granted): a log line and an `outcome_unknown` event naming customer,
 * subscription, personalized offer and option, and a record in the store for
 * `listUnknownOutcomes()`. Never rejects: when the store fails too, the log line is the record.
 */
export async function reportUnknownOutcome(
  ctx: Pick<HandlerContext, 'logger' | 'emit' | 'unknownOutcomes'>,
  input: {
    claims: OfferTokenClaims;
    optionId: string;
    identity: Identity;
    reason: UnknownOutcome['reason'];
  },
): Promise<void> {
  const { claims, optionId, identity, reason } = input;
  const outcome: UnknownOutcome = {
    personalizedOfferId: claims.personalizedOfferId,
    offerId: claims.offerId,
    optionId,
    processingType:
      claims.options.find((option) => option.id === optionId)?.processingType ?? 'unknown',
    customerId: identity.customerId,
    subscriptionId: identity.subscriptionId ?? null,
    reason,
    at: Math.floor(Date.now() / 1000),
  };
  ctx.logger.error(
    'upsell-kit: the outcome of a fulfillment create is unknown: it may exist at Chargebee with its reward not granted. Find it with listUnknownOutcomes() and settle it with resolveUnknownOutcome()',
    { ...outcome },
  );
  ctx.emit({
    type: 'outcome_unknown',
    identity,
    personalizedOfferId: outcome.personalizedOfferId,
    offerId: outcome.offerId,
    optionId,
    reason,
  });
  try {
    await ctx.unknownOutcomes.record(outcome);
  } catch (error) {
    ctx.logger.error(
      'upsell-kit: could not record an unknown outcome in the store; the line above is its only record',
      { personalizedOfferId: outcome.personalizedOfferId, error },
    );
  }
}
