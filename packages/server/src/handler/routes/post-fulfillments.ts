import { fulfillmentRequestSchema } from '@upsell-kit/core';
import { createOnce } from '../../fulfillment/create-once';
import { safeAcceptResponse } from '../../fulfillment/safe-accept-response';
import { fail, jsonResponse } from '../../http/responses';
import type { HandlerContext } from '../context';
import { identifyRequest } from '../guards/identify';
import { readBody } from '../guards/parse-body';
import { rateLimit } from '../guards/rate-limit';
import { verifyToken } from '../guards/verify-token';

/**
 * `POST /fulfillments`: accepts an option of a token's offer, exactly once per personalized
 * offer (`201` for the create, `200` for an answer from the record).
 */
export function postFulfillments(ctx: HandlerContext): (request: Request) => Promise<Response> {
  return async (request) => {
    const body = await readBody(request, ctx.bodyLimit, fulfillmentRequestSchema);
    const identity = await identifyRequest(ctx, request);
    const claims = await verifyToken(ctx, body.token, identity, 0);
    if (!claims.options.some((option) => option.id === body.option_id)) {
      throw fail('invalid_request', 'option_id is not an option of this offer.');
    }
    await rateLimit(ctx, 'fulfillments', identity);
    const { created, response } = await createOnce(ctx, {
      request,
      optionId: body.option_id,
      claims,
      identity,
    });
    // Checked on the way out, so that the record keeps what Chargebee sent (see the function).
    return jsonResponse(created ? 201 : 200, safeAcceptResponse(ctx, response, request));
  };
}
