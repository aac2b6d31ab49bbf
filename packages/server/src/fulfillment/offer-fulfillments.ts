import type { Fulfillment, FulfillmentGrant } from '@upsell-kit/core';
import type { HandlerContext } from '../handler/context';
import { cut } from '../http/cut';
import type { UpstreamPriority } from '../upstream/upstream-priority';
import { fulfillmentOf, parseFulfillment } from '../upstream/upstream-shapes';

type UpstreamContext = Pick<HandlerContext, 'chargebee' | 'upstream' | 'logger'>;

/**
 * Chargebee's Retrieve API, parsed (with this server's `grant`, which Chargebee does not keep).
 * Its `redirect_url` is Chargebee's: whatever answers the browser checks it (`withSafeRedirect`).
 * Reads of one id on this instance share one call and a 1 s cache; `priority` is `critical` for
 * an accept in flight (the default), lower for ids this store does not know.
 */
export async function retrieveFulfillment(
  ctx: UpstreamContext & Pick<HandlerContext, 'fulfillmentReads'>,
  id: string,
  grant: FulfillmentGrant | null,
  priority: UpstreamPriority = 'critical',
): Promise<Fulfillment> {
  const body = await ctx.fulfillmentReads.read(id, () =>
    ctx.upstream(
      'offer_fulfillments.retrieve',
      () => ctx.chargebee.offerFulfillment.offerFulfillmentsGet(id),
      priority,
    ),
  );
  return parseFulfillment(fulfillmentOf(body), grant);
}

/** Chargebee's Update API: marks a fulfillment `completed`, or `failed` with a reason (cut to 100). */
export async function updateFulfillment(
  ctx: UpstreamContext,
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
