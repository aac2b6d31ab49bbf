import { isWellFormed, LIMITS, UpsellError, type Fulfillment } from '@upsell-kit/core';
import { observeFinal } from '../../fulfillment/observe-final';
import { retrieveFulfillment } from '../../fulfillment/offer-fulfillments';
import { withSafeRedirect } from '../../fulfillment/with-safe-redirect';
import {
  FULFILLMENT_ID,
  readRecordOrLocal,
  recordKey,
  type FulfillmentRecord,
} from '../../fulfillment/record';
import { fail, jsonResponse } from '../../http/responses';
import { isStoreUnavailable } from '../../stores/store-unavailable-error';
import { upstreamFailureOf } from '../../upstream/call-upstream';
import { identityHashOf } from '../../upstream/identity-hash-of';
import type { HandlerContext } from '../context';
import { STORE_RETRY_AFTER_SECONDS } from '../errors';
import { identifyRequest } from '../guards/identify';
import { rateLimit } from '../guards/rate-limit';
import { verifyToken } from '../guards/verify-token';

/** A status read accepts a token up to a day past its expiry: polling outlives the offer. */
const READ_GRACE_SECONDS = 24 * 60 * 60;

/** The one answer for every fulfillment that is not the caller's: nothing tells them apart. */
const notFound = () => fail('not_found', 'No such fulfillment.');

/** The store can not say which fulfillment is the offer's now: polling retries a 503. */
const cannotVouch = () =>
  fail(
    'store_unavailable',
    'The status can not be read right now. Try again in a moment.',
    STORE_RETRY_AFTER_SECONDS,
  );

/** `GET /fulfillments/{id}?token=`: the fulfillment's status, for the token's offer only. */
export function getFulfillment(
  ctx: HandlerContext,
): (request: Request, rawId: string) => Promise<Response> {
  return async (request, rawId) => {
    let id: string;
    try {
      id = decodeURIComponent(rawId);
    } catch {
      throw notFound();
    }
    if (!FULFILLMENT_ID.test(id)) throw notFound();
    const token = new URL(request.url).searchParams.get('token');
    if (!token || token.length > LIMITS.token || !isWellFormed(token)) {
      throw fail('invalid_request', 'The query parameter token is required.');
    }
    const identity = await identifyRequest(ctx, request);
    // A read answers 404 for a token that is not this customer's, as for a fulfillment of another
    // offer: the contract's read rule, so that a read never tells whose fulfillment exists.
    const claims = await verifyToken(ctx, token, identity, READ_GRACE_SECONDS).catch(
      (error: unknown) => {
        if (error instanceof UpsellError && error.code === 'forbidden') throw notFound();
        throw error;
      },
    );
    await rateLimit(ctx, 'fulfillmentReads', identity);

    // Chargebee is asked only about the fulfillment this adapter created for the token's offer
    // (its record names it): any other id, guessed or real, gets the same 404 at once. The record
    // is the token's offer's, so neither the answer nor its timing depends on the id asked for.
    let record: FulfillmentRecord | null;
    try {
      record = await readRecordOrLocal(ctx, recordKey(claims.personalizedOfferId));
    } catch (error) {
      if (!isStoreUnavailable(error)) throw error;
      // Unknown whether it is the offer's: the browser's polling retries a 503 (never a 404).
      ctx.storeFallback.noticeOutage('fulfillment read', error);
      throw cannotVouch();
    }
    if (record?.state !== 'done') {
      // No record naming a fulfillment of the token's offer: never accepted here, or the store
      // lost the record (restarted empty; another instance may since have tried a create of its
      // own, refused or in flight) and the instance that created the fulfillment has not written
      // its copy back yet. Not a 404, which the browser's polling takes as final: the same 503
      // for every id, without a Chargebee call, so polling goes on until the record is back.
      throw cannotVouch();
    }
    if (record.id !== id) throw notFound();
    let fulfillment: Fulfillment;
    try {
      // An accept in flight: a status read, at most one a fulfillment every 2 s fleet-wide, within
      // the identity's share, else the last known status.
      fulfillment = await retrieveFulfillment(ctx, id, record.grant, identityHashOf(identity));
    } catch (error) {
      const status = upstreamFailureOf(error)?.upstreamStatus;
      if (status === 404 || status === 400) throw notFound();
      throw error;
    }
    if (fulfillment.personalized_offer_id !== claims.personalizedOfferId) throw notFound();
    await observeFinal(ctx, fulfillment, identity);
    return jsonResponse(200, { fulfillment: withSafeRedirect(ctx, fulfillment, request) });
  };
}
