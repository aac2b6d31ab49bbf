import type { Fulfillment, Identity } from '@upsell-kit/core';
import type { HandlerContext } from '../handler/context';
import { finalKey, RECORD_TTL_MS } from './record';

/** Emits `completed` / `failed` once per fulfillment (and store), however it was learned. */
export async function observeFinal(
  ctx: Pick<HandlerContext, 'listening' | 'storeFallback' | 'emit'>,
  fulfillment: Fulfillment,
  identity: Identity | null,
): Promise<void> {
  if (fulfillment.status === 'in_progress' || !ctx.listening) return;
  // Per instance during a store outage: an event may then repeat on another instance, never be
  // lost.
  const first = await ctx.storeFallback.run('final event', (store) =>
    store.setIfAbsent(finalKey(fulfillment.id), '1', RECORD_TTL_MS),
  );
  if (!first) return;
  ctx.emit({
    type: fulfillment.status === 'completed' ? 'completed' : 'failed',
    identity,
    personalizedOfferId: fulfillment.personalized_offer_id,
    optionId: fulfillment.option_id,
    fulfillmentId: fulfillment.id,
    ...(fulfillment.error ? { reason: fulfillment.error.code } : {}),
  });
}
