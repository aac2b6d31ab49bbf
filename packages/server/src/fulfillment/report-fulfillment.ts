import type { Fulfillment } from '@upsell-kit/core';
import type { HandlerContext } from '../handler/context';
import { fail } from '../http/responses';
import { observeFinal } from './observe-final';
import { updateFulfillment } from './offer-fulfillments';
import { FULFILLMENT_ID } from './record';
import { withSafeRedirect } from './with-safe-redirect';

type ReportContext = Pick<
  HandlerContext,
  | 'chargebee'
  | 'upstream'
  | 'fulfillmentReads'
  | 'storeFallback'
  | 'listening'
  | 'emit'
  | 'navigation'
  | 'logger'
>;

function checkFulfillmentId(id: string): void {
  if (typeof id !== 'string' || !FULFILLMENT_ID.test(id)) {
    throw fail('invalid_request', 'fulfillmentId must be a Chargebee fulfillment id.');
  }
}

/** The handler's `completeFulfillment`: Chargebee's Update API, then the `completed` event. */
export async function completeFulfillment(
  ctx: ReportContext,
  fulfillmentId: string,
): Promise<Fulfillment> {
  checkFulfillmentId(fulfillmentId);
  const fulfillment = await updateFulfillment(ctx, fulfillmentId, { status: 'completed' }, null);
  await observeFinal(ctx, fulfillment, null);
  return withSafeRedirect(ctx, fulfillment);
}

/** The handler's `failFulfillment`: Chargebee's Update API with the reason, then `failed`. */
export async function failFulfillment(
  ctx: ReportContext,
  fulfillmentId: string,
  reason: string,
): Promise<Fulfillment> {
  checkFulfillmentId(fulfillmentId);
  if (typeof reason !== 'string' || reason.trim() === '' || reason.length > 100) {
    throw fail('invalid_request', 'reason must be a non-empty string of at most 100 characters.');
  }
  const fulfillment = await updateFulfillment(
    ctx,
    fulfillmentId,
    { status: 'failed', reason },
    null,
  );
  await observeFinal(ctx, fulfillment, null);
  return withSafeRedirect(ctx, fulfillment);
}
