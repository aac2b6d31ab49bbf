import type { Fulfillment, FulfillmentGrant } from '@upsell-kit/core';
import type { HandlerContext } from '../handler/context';
import { cut } from '../http/cut';
import { fulfillmentOf, parseFulfillment } from '../upstream/upstream-shapes';

/** Chargebee's Retrieve API, parsed (with this server's `grant`, which Chargebee does not keep). */
export async function retrieveFulfillment(
  ctx: Pick<HandlerContext, 'chargebee' | 'upstream'>,
  id: string,
  grant: FulfillmentGrant | null,
): Promise<Fulfillment> {
  const body = await ctx.upstream('offer_fulfillments.retrieve', () =>
    ctx.chargebee.offerFulfillment.offerFulfillmentsGet(id),
  );
  return parseFulfillment(fulfillmentOf(body), grant);
}

/** Chargebee's Update API: marks a fulfillment `completed`, or `failed` with a reason (cut to 100). */
export async function updateFulfillment(
  ctx: Pick<HandlerContext, 'chargebee' | 'upstream'>,
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
  return parseFulfillment(fulfillmentOf(body), grant);
}
