import type { Fulfillment } from '@upsell-kit/core';
import type { HandlerContext } from '../handler/context';
import { fail } from '../http/responses';
import { retrieveFulfillment } from './offer-fulfillments';
import { FULFILLMENT_ID, readRecord, RECORD_TTL_MS, recordKey, writeRecord } from './record';
import { completeFulfillment, failFulfillment } from './report-fulfillment';
import type { UnknownOutcomeResolution } from './unknown-outcome';

type ResolveContext = Pick<
  HandlerContext,
  | 'chargebee'
  | 'fulfillmentReads'
  | 'upstream'
  | 'store'
  | 'storeFallback'
  | 'unknownOutcomes'
  | 'listening'
  | 'emit'
  | 'navigation'
  | 'logger'
>;

/**
 * The handler's `resolveUnknownOutcome`: settles an unknown outcome the merchant reconciled.
 * `completed` / `failed` check that the fulfillment is the offer's, report it through the Update
 * API (`completeFulfillment` / `failFulfillment`) and record it, so that further accepts answer
 * with it; `not_created` lifts the block on the offer. Either way the record is removed.
 */
export async function resolveUnknownOutcome(
  ctx: ResolveContext,
  personalizedOfferId: string,
  resolution: UnknownOutcomeResolution,
): Promise<Fulfillment | null> {
  if (typeof personalizedOfferId !== 'string' || personalizedOfferId === '') {
    throw fail('invalid_request', 'personalizedOfferId is required.');
  }
  const status = (resolution as { status?: unknown } | null)?.status;
  if (status !== 'completed' && status !== 'failed' && status !== 'not_created') {
    throw fail('invalid_request', 'resolution.status must be completed, failed or not_created.');
  }
  const outcome = await ctx.unknownOutcomes.get(personalizedOfferId);
  if (!outcome) throw fail('not_found', 'No unknown outcome is recorded for this offer.');
  const key = recordKey(personalizedOfferId);
  if (resolution.status === 'not_created') {
    const record = await readRecord(ctx.store, key);
    if (record?.state === 'unknown') await ctx.store.delete(key);
    await ctx.unknownOutcomes.remove(personalizedOfferId);
    return null;
  }
  if (
    typeof resolution.fulfillmentId !== 'string' ||
    !FULFILLMENT_ID.test(resolution.fulfillmentId)
  ) {
    throw fail('invalid_request', 'fulfillmentId must be a Chargebee fulfillment id.');
  }
  const current = await retrieveFulfillment(ctx, resolution.fulfillmentId, null);
  if (current.personalized_offer_id !== personalizedOfferId) {
    throw fail('invalid_request', 'The fulfillment is not of this personalized offer.');
  }
  const fulfillment =
    resolution.status === 'completed'
      ? await completeFulfillment(ctx, resolution.fulfillmentId)
      : await failFulfillment(ctx, resolution.fulfillmentId, resolution.reason);
  // Further accepts of the offer answer with this fulfillment, never a second create.
  await writeRecord(
    ctx.store,
    key,
    { state: 'done', id: fulfillment.id, grant: null },
    RECORD_TTL_MS,
  );
  await ctx.unknownOutcomes.remove(personalizedOfferId);
  return fulfillment;
}
