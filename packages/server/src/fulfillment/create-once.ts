import type { Fulfillment, FulfillmentCreateResponse, Identity } from '@upsell-kit/core';
import type { HandlerContext } from '../handler/context';
import { fail } from '../http/responses';
import { withDeadline } from '../http/with-deadline';
import type { OfferTokenClaims } from '../tokens/offer-token';
import { upstreamFailureOf } from '../upstream/call-upstream';
import {
  fulfillmentOf,
  hostedPageOf,
  parseFulfillment,
  parseHostedPage,
} from '../upstream/upstream-shapes';
import { observeFinal } from './observe-final';
import { retrieveFulfillment } from './offer-fulfillments';
import {
  claimRecord,
  readRecord,
  RECORD_TTL_MS,
  recordKey,
  REFUSED_TTL_MS,
  UNKNOWN_TTL_MS,
  writeRecord,
  type FulfillmentRecord,
} from './record';
import { findFulfiller, runFulfiller } from './run-fulfiller';

/** The processing types whose fulfillment this server finishes (a fulfiller, or the merchant). */
const SERVER_FULFILLED = new Set(['webhook', 'email', 'url_redirect']);

type CreateContext = Pick<
  HandlerContext,
  | 'chargebee'
  | 'upstream'
  | 'store'
  | 'logger'
  | 'listening'
  | 'emit'
  | 'timeouts'
  | 'fulfillers'
  | 'creating'
  | 'guard'
>;

/** One accept: who, which option of which token, and the request (for a fulfiller). */
export interface AcceptInput {
  request: Request;
  optionId: string;
  claims: OfferTokenClaims;
  identity: Identity;
}

/** The answer to an accept: `created` when this call created the fulfillment (`201`). */
export interface AcceptResult {
  created: boolean;
  response: FulfillmentCreateResponse;
}

const alreadyAccepted = () =>
  fail('offer_already_accepted', 'This offer has already been accepted.');

/**
 * Accepts an offer with exactly one upstream create per personalized offer: the store's
 * set-if-absent decides who creates; everyone else waits for the record and answers from it,
 * never with a create of their own. A claim released without a record (the create failed) ends
 * the wait at once.
 */
export async function createOnce(ctx: CreateContext, input: AcceptInput): Promise<AcceptResult> {
  const key = recordKey(input.claims.personalizedOfferId);
  const waitUntil = Date.now() + ctx.timeouts.upstreamMs + 2_000;
  const busy = (retryAfter: number) =>
    fail('upstream_unavailable', 'The offer is being accepted. Try again in a moment.', retryAfter);
  let sawClaim = false;
  for (let attempt = 0; ; attempt++) {
    // A create in flight on this instance: its answer is the freshest status there is, so
    // waiting for it saves Chargebee a retrieve per waiter (a double click, a burst of retries).
    const inFlight = ctx.creating.get(key);
    if (inFlight) {
      // Bounded like the polling below: a fulfiller that hangs holds up its own request only.
      const created = await withDeadline(
        inFlight,
        Math.max(0, waitUntil - Date.now()),
        () => undefined,
      );
      if (created === undefined) throw busy(1);
      if (created) return { created: false, response: { fulfillment: created, hosted_page: null } };
      sawClaim = true;
      continue;
    }
    const record = await readRecord(ctx.store, key);
    if (record?.state === 'done') return existingFulfillment(ctx, record, input.identity);
    if (record?.state === 'refused') throw alreadyAccepted();
    if (record?.state === 'unknown') throw busy(Math.ceil(UNKNOWN_TTL_MS / 1000));
    if (record === null) {
      if (sawClaim) throw busy(1);
      const claimed = await claimRecord(ctx.store, key, ctx.timeouts.upstreamMs * 2 + 30_000);
      if (claimed) {
        let settle: (created: Fulfillment | null) => void = () => {};
        ctx.creating.set(key, new Promise((resolve) => (settle = resolve)));
        try {
          const response = await createFulfillment(ctx, input, key);
          settle(response.fulfillment);
          return { created: true, response };
        } catch (error) {
          settle(null);
          throw error;
        } finally {
          ctx.creating.delete(key);
        }
      }
    }
    sawClaim = true;
    if (Date.now() > waitUntil || attempt >= 200) throw busy(1);
    await new Promise((resolve) =>
      setTimeout(resolve, Math.min(25 * 2 ** Math.min(attempt, 3), 200)),
    );
  }
}

/**
 * Once a create settled (done, refused or unknown), no cached offer of the subscription may be shown
 * again, on any instance: the next page load asks Chargebee. Never fails the accept.
 */
async function invalidateOffers(ctx: CreateContext, identity: Identity): Promise<void> {
  if (!ctx.guard.offers) return;
  try {
    await ctx.guard.offers.invalidate(identity);
    ctx.guard.countInvalidation();
  } catch (error) {
    ctx.logger.error('upsell-kit: could not clear the cached offers after an accept', { error });
  }
}

async function existingFulfillment(
  ctx: CreateContext,
  record: Extract<FulfillmentRecord, { state: 'done' }>,
  identity: Identity,
): Promise<AcceptResult> {
  const fulfillment = await retrieveFulfillment(ctx, record.id, record.grant);
  await observeFinal(ctx, fulfillment, identity);
  return { created: false, response: { fulfillment, hosted_page: null } };
}

/**
 * The one upstream create (the caller holds the claim), its record, the `accepted` event and the
 * fulfiller of a server-fulfilled option.
 */
async function createFulfillment(
  ctx: CreateContext,
  { request, optionId, claims, identity }: AcceptInput,
  key: string,
): Promise<FulfillmentCreateResponse> {
  let body: unknown;
  try {
    body = await ctx.upstream('offer_fulfillments.create', () =>
      ctx.chargebee.offerFulfillment.offerFulfillments({
        personalized_offer_id: claims.personalizedOfferId,
        option_id: optionId,
      }),
    );
  } catch (error) {
    const failure = upstreamFailureOf(error);
    if (failure?.definite) {
      const status = failure.upstreamStatus ?? 0;
      // Chargebee refuses a second fulfillment of an offer with a 4xx whose exact code is not
      // documented; its message is not an API. Auth and rate-limit answers are not refusals.
      if (status >= 400 && status < 500 && ![401, 403, 429].includes(status)) {
        // Remembered for a while, so that concurrent and repeated accepts answer 409 without
        // asking Chargebee again.
        await writeRecord(ctx.store, key, { state: 'refused' }, REFUSED_TTL_MS);
        throw alreadyAccepted();
      }
      await ctx.store.delete(key);
    } else {
      // Chargebee may have created it: block further creates for a while rather than guess.
      await writeRecord(ctx.store, key, { state: 'unknown' }, UNKNOWN_TTL_MS);
    }
    throw error;
  } finally {
    // Before a fulfiller runs, so that no reload in the meantime shows the offer from the cache.
    await invalidateOffers(ctx, identity);
  }

  let fulfillment: Fulfillment;
  try {
    fulfillment = parseFulfillment(fulfillmentOf(body), null);
  } catch (error) {
    await writeRecord(ctx.store, key, { state: 'unknown' }, UNKNOWN_TTL_MS);
    ctx.logger.error('upsell-kit: malformed offer_fulfillments.create response', { error });
    throw error;
  }
  await writeRecord(
    ctx.store,
    key,
    { state: 'done', id: fulfillment.id, grant: null },
    RECORD_TTL_MS,
  );
  const hostedPage = parseHostedPage(hostedPageOf(body));
  ctx.emit({
    type: 'accepted',
    identity,
    personalizedOfferId: claims.personalizedOfferId,
    offerId: claims.offerId,
    optionId,
    fulfillmentId: fulfillment.id,
  });

  const fulfiller = findFulfiller(ctx.fulfillers, optionId, claims.offerId);
  if (fulfiller) {
    if (SERVER_FULFILLED.has(fulfillment.processing_type)) {
      fulfillment = await runFulfiller(ctx, fulfiller, {
        fulfillment,
        claims,
        identity,
        request,
        key,
      });
    } else {
      ctx.logger.warn(
        `upsell-kit: a fulfiller is mapped to option ${optionId}, but its processing type ${fulfillment.processing_type} is fulfilled by Chargebee; the fulfiller did not run.`,
      );
    }
  }
  return { fulfillment, hosted_page: hostedPage };
}
