import type { Fulfillment, FulfillmentGrant } from '@upsell-kit/core';
import type { HandlerContext } from '../handler/context';
import { cut } from '../http/cut';
import { fulfillmentOf, parseFulfillment } from '../upstream/upstream-shapes';

type UpstreamContext = Pick<HandlerContext, 'chargebee' | 'upstream' | 'logger'>;

/**
 * Chargebee's Retrieve API, parsed (with this server's `grant`, which Chargebee does not keep),
 * as a status read (`status` class, `identity`'s share): at most one read per fulfillment every
 * 2 s fleet-wide, else the last known status (see `FulfillmentReads`). Its `redirect_url` is
 * Chargebee's: whatever answers the browser checks it (`withSafeRedirect`).
 */
export async function retrieveFulfillment(
  ctx: Pick<HandlerContext, 'chargebee' | 'fulfillmentReads'>,
  id: string,
  grant: FulfillmentGrant | null,
  identity?: string,
): Promise<Fulfillment> {
  const fulfillment = await ctx.fulfillmentReads.read(id, {
    identity,
    fetch: () => ctx.chargebee.offerFulfillment.offerFulfillmentsGet(id),
    parse: (body) => parseFulfillment(fulfillmentOf(body), grant),
  });
  // The record's grant is this server's, and may be newer than the status last read.
  return grant && !fulfillment.grant ? { ...fulfillment, grant } : fulfillment;
}

/**
 * Chargebee's Update API: marks a fulfillment `completed`, or `failed` with a reason (cut to 100).
 * The answer becomes the last known status of status reads.
 */
export async function updateFulfillment(
  ctx: UpstreamContext & Pick<HandlerContext, 'fulfillmentReads'>,
  id: string,
  outcome: { status: 'completed' } | { status: 'failed'; reason: string },
  grant: FulfillmentGrant | null,
): Promise<Fulfillment> {
  const body = await ctx.upstream('offer_fulfillments.update', () =>
    ctx.chargebee.offerFulfillment.offerFulfillmentsUpdate(
      id,
      outcome.status === 'completed'
        ? { id, status: 'completed' }
        : { id, status: 'failed', failure_reason: cut(outcome.reason, 100) },
    ),
  );
  const updated = parseFulfillment(fulfillmentOf(body), grant);
  await ctx.fulfillmentReads.remember(updated);
  return updated;
}
