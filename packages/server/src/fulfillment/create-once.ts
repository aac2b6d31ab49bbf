import type { Fulfillment, FulfillmentCreateResponse, Identity } from '@upsell-kit/core';
import type { HandlerContext } from '../handler/context';
import { fail } from '../http/responses';
import { withDeadline } from '../http/with-deadline';
import { isStoreUnavailable } from '../stores/store-unavailable-error';
import type { OfferTokenClaims } from '../tokens/offer-token';
import { upstreamFailureOf } from '../upstream/call-upstream';
import { identityHashOf } from '../upstream/identity-hash-of';
import { classifyCreateRefusal } from '../upstream/classify-create-refusal';
import {
  fulfillmentIdOf,
  fulfillmentOf,
  hostedPageOf,
  parseFulfillment,
  parseHostedPage,
} from '../upstream/upstream-shapes';
import { reportUnknownOutcome } from './report-unknown-outcome';
import { observeFinal } from './observe-final';
import { retrieveFulfillment } from './offer-fulfillments';
import {
  claimRecord,
  hostedPageUntil,
  readRecord,
  readRecordOrLocal,
  recordKey,
  REFUSED_TTL_MS,
  UNKNOWN_TTL_MS,
  validHostedPage,
  writeOwnRecord,
  writeRecord,
  type FulfillmentRecord,
} from './record';
import { findFulfiller, runFulfiller } from './run-fulfiller';
import type { UnknownOutcome } from './unknown-outcome';

/** The processing types whose fulfillment this server finishes (a fulfiller, or the merchant). */
const SERVER_FULFILLED = new Set(['webhook', 'email', 'url_redirect']);

type CreateContext = Pick<
  HandlerContext,
  | 'chargebee'
  | 'upstream'
  | 'store'
  | 'storeFallback'
  | 'unknownOutcomes'
  | 'uncertainClaims'
  | 'navigation'
  | 'logger'
  | 'listening'
  | 'emit'
  | 'timeouts'
  | 'fulfillers'
  | 'creating'
  | 'caller'
  | 'offers'
  | 'fulfillmentReads'
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

/** Thrown by a create Chargebee refused while the offer's record names its fulfillment. */
const RECORDED_ELSEWHERE = Symbol('recorded elsewhere');

const alreadyAccepted = () =>
  fail('offer_already_accepted', 'This offer has already been accepted.');
const offerExpired = () => fail('offer_expired', 'This offer has expired. Fetch offers again.');

/**
 * Accepts an offer with exactly one upstream create per personalized offer: the store's
 * set-if-absent decides who creates; everyone else waits for the record and answers from it,
 * never with a create of their own. A claim released without a record (the create failed) ends
 * the wait at once. Without the store (down, too slow) there is no claim: the accept fails with
 * `StoreUnavailableError` (`503 store_unavailable`) before any upstream call, unless this instance
 * holds the offer's record.
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
      if (created) return { created: false, response: created };
      sawClaim = true;
      continue;
    }
    const record = await readRecordOrLocal(ctx, key);
    if (record?.state === 'done') return existingFulfillment(ctx, record, input.identity);
    if (record?.state === 'refused') throw alreadyAccepted();
    if (record?.state === 'unknown') throw busy(Math.ceil(UNKNOWN_TTL_MS / 1000));
    if (
      record?.state === 'pending' &&
      record.claim !== undefined &&
      ctx.uncertainClaims.get(key) === record.claim
    ) {
      // This instance's own claim, written late (a command the store client queued during an
      // outage): no create is behind it, so it must not block the offer until it expires.
      ctx.uncertainClaims.delete(key);
      await ctx.store.delete(key);
      continue;
    }
    if (record === null) {
      if (sawClaim) throw busy(1);
      const claim = crypto.randomUUID();
      let claimed: boolean;
      try {
        claimed = await claimRecord(ctx.store, key, ctx.timeouts.upstreamMs * 2 + 30_000, claim);
      } catch (error) {
        if (isStoreUnavailable(error)) ctx.uncertainClaims.set(key, claim);
        throw error;
      }
      ctx.uncertainClaims.delete(key);
      if (claimed) {
        let settle: (created: FulfillmentCreateResponse | null) => void = () => {};
        ctx.creating.set(key, new Promise((resolve) => (settle = resolve)));
        try {
          const response = await createFulfillment(ctx, input, key);
          settle(response);
          return { created: true, response };
        } catch (error) {
          settle(null);
          // Refused, and the record now names the fulfillment: answer from it (next round).
          if (error === RECORDED_ELSEWHERE) continue;
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
  try {
    await ctx.offers.invalidate(identity);
  } catch (error) {
    ctx.logger.error('upsell-kit: could not clear the cached offers after an accept', { error });
  }
}

async function existingFulfillment(
  ctx: CreateContext,
  record: Extract<FulfillmentRecord, { state: 'done' }>,
  identity: Identity,
): Promise<AcceptResult> {
  const fulfillment = await retrieveFulfillment(
    ctx,
    record.id,
    record.grant,
    identityHashOf(identity),
  );
  await observeFinal(ctx, fulfillment, identity);
  // Retrieve has no hosted page: the record's copy, while Chargebee's link is still valid.
  return { created: false, response: { fulfillment, hosted_page: validHostedPage(record) } };
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
    // Counted against the identity's share of critical calls: one customer's creates can not use
    // up the reserve another customer's accept needs.
    body = await ctx.upstream(
      'offer_fulfillments.create',
      () =>
        ctx.chargebee.offerFulfillment.offerFulfillments({
          personalized_offer_id: claims.personalizedOfferId,
          option_id: optionId,
        }),
      'critical',
      identityHashOf(identity),
    );
  } catch (error) {
    const failure = upstreamFailureOf(error);
    if (!failure) {
      // No call was made (the budget or the identity's share refused it): nothing can exist at
      // Chargebee, so the claim goes and the customer may accept again after Retry-After.
      await keep(ctx, 'claim release', () => ctx.store.delete(key));
    } else if (failure.definite) {
      // Only Chargebee's refusal of a second fulfillment means "already accepted"; an unknown or
      // expired offer asks the browser to refetch; anything else stays the 502 it maps to (the
      // upstream call logged its cause).
      const refusal = classifyCreateRefusal(failure);
      if (refusal === 'already_accepted') {
        // After a store loss the instance that created the fulfillment writes its record back
        // (see readRecordOrLocal): when it did so meanwhile, that record is the answer, and a
        // refusal must not overwrite it.
        const recorded = await readRecord(ctx.store, key).catch(() => null);
        if (recorded?.state === 'done') throw RECORDED_ELSEWHERE;
        // Remembered for a while, so that concurrent and repeated accepts answer 409 without
        // asking Chargebee again.
        await keep(ctx, 'refusal', () =>
          writeRecord(ctx.store, key, { state: 'refused' }, REFUSED_TTL_MS),
        );
        throw alreadyAccepted();
      }
      await keep(ctx, 'claim release', () => ctx.store.delete(key));
      if (refusal === 'offer_expired') throw offerExpired();
    } else {
      // Chargebee may have created it: block further creates for a while rather than guess,
      // and record it for the merchant to reconcile.
      await keep(ctx, 'unknown outcome', () =>
        writeRecord(ctx.store, key, { state: 'unknown' }, UNKNOWN_TTL_MS),
      );
      await reportUnknownOutcome(ctx, {
        claims,
        optionId,
        identity,
        reason: unknownReason(failure?.error.code),
      });
    }
    throw error;
  } finally {
    // Before a fulfiller runs, so that no reload in the meantime shows the offer from the cache.
    await invalidateOffers(ctx, identity);
  }

  // The fulfillment exists from here on: its id and checkout page are recorded before anything
  // else is checked, so that a value the kit does not know never loses it (repeats find it). The
  // page is kept as Chargebee sent it: the answer checks it (`safeAcceptResponse`), every time.
  const id = fulfillmentIdOf(body);
  const hostedPage = parseHostedPage(hostedPageOf(body));
  if (id !== null) {
    // Chargebee created it: from here on the outcome is known, and a store failure must not throw
    // it away. The record then stays on this instance, which answers the accept's retries from it.
    const done = {
      state: 'done',
      id,
      grant: null,
      ...(hostedPage ? { hostedPage, hostedPageUntil: hostedPageUntil(hostedPage) } : {}),
    } as const;
    const error = await writeOwnRecord(ctx, key, done);
    if (error !== undefined) {
      ctx.logger.error(
        'upsell-kit: could not record a created fulfillment in the store; the accept is answered and fulfilled, and this instance answers its retries',
        { personalizedOfferId: claims.personalizedOfferId, fulfillmentId: id, error },
      );
    }
    settleEarlierUnknown(ctx, claims.personalizedOfferId, id);
  }
  let fulfillment: Fulfillment;
  try {
    fulfillment = parseFulfillment(fulfillmentOf(body), null);
    // The first status reads answer this (fleet-wide) rather than ask Chargebee at once.
    await ctx.fulfillmentReads.remember(fulfillment);
  } catch (error) {
    if (id === null) {
      await keep(ctx, 'unknown outcome', () =>
        writeRecord(ctx.store, key, { state: 'unknown' }, UNKNOWN_TTL_MS),
      );
    }
    ctx.logger.error('upsell-kit: malformed offer_fulfillments.create response', { error });
    // With its id recorded the fulfillment is known (repeats find it); without, it may exist.
    if (id === null) {
      await reportUnknownOutcome(ctx, { claims, optionId, identity, reason: 'malformed_response' });
    }
    throw error;
  }
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

/** Why a create's outcome is unknown, from the contract's code of its failure. */
function unknownReason(code: string | undefined): UnknownOutcome['reason'] {
  if (code === 'upstream_timeout') return 'timeout';
  if (code === 'upstream_unavailable') return 'connection';
  return 'upstream_error';
}

/**
 * Runs a store write that must not hide the answer being given (a refusal, a released claim, an
 * unknown marker): a store outage is noted (logged once) and the answer goes out anyway.
 */
async function keep(
  ctx: Pick<HandlerContext, 'storeFallback'>,
  what: string,
  write: () => Promise<unknown>,
): Promise<void> {
  try {
    await write();
  } catch (error) {
    if (!isStoreUnavailable(error)) throw error;
    ctx.storeFallback.noticeOutage(what, error);
  }
}

/**
 * A create that succeeded settles an earlier unknown outcome of the offer: that one did not
 * happen, or Chargebee would have refused this one. In the background; a failure changes nothing.
 */
function settleEarlierUnknown(
  ctx: Pick<HandlerContext, 'unknownOutcomes' | 'logger'>,
  personalizedOfferId: string,
  fulfillmentId: string,
): void {
  void ctx.unknownOutcomes
    .get(personalizedOfferId)
    .then(async (earlier) => {
      if (!earlier) return;
      await ctx.unknownOutcomes.remove(personalizedOfferId);
      ctx.logger.info('upsell-kit: an unknown outcome was settled by a later create', {
        personalizedOfferId,
        fulfillmentId,
      });
    })
    .catch(() => {});
}
