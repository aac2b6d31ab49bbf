import { isWellFormed, LIMITS, UpsellError, type Fulfillment } from '@upsell-kit/core';
import { observeFinal } from '../../fulfillment/observe-final';
import { retrieveFulfillment } from '../../fulfillment/offer-fulfillments';
import { FULFILLMENT_ID, readRecordOrLocal, recordKey } from '../../fulfillment/record';
import { fail, jsonResponse } from '../../http/responses';
import { upstreamFailureOf } from '../../upstream/call-upstream';
import type { HandlerContext } from '../context';
import { identifyRequest } from '../guards/identify';
import { rateLimit } from '../guards/rate-limit';
import { verifyToken } from '../guards/verify-token';

/** A status read accepts a token up to a day past its expiry: polling outlives the offer. */
const READ_GRACE_SECONDS = 24 * 60 * 60;

/** `GET /fulfillments/{id}?token=`: the fulfillment's status, for the token's offer only. */
export function getFulfillment(
  ctx: HandlerContext,
): (request: Request, rawId: string) => Promise<Response> {
  return async (request, rawId) => {
    let id: string;
    try {
      id = decodeURIComponent(rawId);
    } catch {
      throw fail('not_found', 'No such fulfillment.');
    }
    if (!FULFILLMENT_ID.test(id)) throw fail('not_found', 'No such fulfillment.');
    const token = new URL(request.url).searchParams.get('token');
    if (!token || token.length > LIMITS.token || !isWellFormed(token)) {
      throw fail('invalid_request', 'The query parameter token is required.');
    }
    const identity = await identifyRequest(ctx, request);
    // A read answers 404 for a token that is not this customer's, as for a fulfillment of another
    // offer: the contract's read rule, so that a read never tells whose fulfillment exists.
    const claims = await verifyToken(ctx, token, identity, READ_GRACE_SECONDS).catch(
      (error: unknown) => {
        if (error instanceof UpsellError && error.code === 'forbidden') {
          throw fail('not_found', 'No such fulfillment.');
        }
        throw error;
      },
    );
    await rateLimit(ctx, 'fulfillmentReads', identity);

    // Lenient: without the store, the read still answers from Chargebee.
    const record = await readRecordOrLocal(ctx, recordKey(claims.personalizedOfferId), false);
    // An offer has one fulfillment: when this adapter created it, any other id is not the
    // token's, and Chargebee need not be asked.
    if (record?.state === 'done' && record.id !== id) {
      throw fail('not_found', 'No such fulfillment.');
    }
    const grant = record?.state === 'done' ? record.grant : null;
    let fulfillment: Fulfillment;
    try {
      // A fulfillment this store recorded is an accept in flight: its reads are critical. Others
      // (another store's, or guessed ids) must not take the share reserved for accepts.
      const priority = record?.state === 'done' ? 'critical' : 'offers';
      fulfillment = await retrieveFulfillment(ctx, id, grant, priority);
    } catch (error) {
      const status = upstreamFailureOf(error)?.upstreamStatus;
      if (status === 404 || status === 400) throw fail('not_found', 'No such fulfillment.');
      throw error;
    }
    if (fulfillment.personalized_offer_id !== claims.personalizedOfferId) {
      throw fail('not_found', 'No such fulfillment.');
    }
    await observeFinal(ctx, fulfillment, identity);
    return jsonResponse(200, { fulfillment });
  };
}
