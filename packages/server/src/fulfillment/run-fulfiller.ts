import { UpsellError, type Fulfillment, type Identity } from '@upsell-kit/core';
import type { HandlerContext } from '../handler/context';
import { withDeadline } from '../http/with-deadline';
import type { OfferTokenClaims } from '../tokens/offer-token';
import { upstreamFailureOf } from '../upstream/call-upstream';
import { identityHashOf } from '../upstream/identity-hash-of';
import type { Fulfiller, FulfillerResult } from './fulfiller';
import { observeFinal } from './observe-final';
import { updateFulfillment } from './offer-fulfillments';
import { writeOwnRecord } from './record';

type RunContext = Pick<
  HandlerContext,
  | 'chargebee'
  | 'upstream'
  | 'store'
  | 'storeFallback'
  | 'logger'
  | 'listening'
  | 'emit'
  | 'timeouts'
  | 'navigation'
  | 'caller'
  | 'fulfillmentReads'
>;

/** What a fulfiller's deadline resolves to. */
const FULFILL_TIMEOUT = Symbol('fulfill timeout');

/** The fulfiller mapped to the option, else to the offer (own keys only). */
export function findFulfiller(
  fulfillers: Readonly<Record<string, Fulfiller>>,
  optionId: string,
  offerId: string,
): Fulfiller | undefined {
  if (Object.hasOwn(fulfillers, optionId)) return fulfillers[optionId];
  if (Object.hasOwn(fulfillers, offerId)) return fulfillers[offerId];
  return undefined;
}

/** A fulfiller's outcome, checked: anything but a well-formed result counts as `failed`. */
function outcomeOf(
  ctx: Pick<HandlerContext, 'logger'>,
  result: unknown,
  fulfillmentId: string,
): FulfillerResult {
  const outcome = result as FulfillerResult | null;
  if (
    typeof outcome !== 'object' ||
    outcome === null ||
    (outcome.status !== 'completed' && outcome.status !== 'failed')
  ) {
    ctx.logger.error(
      'upsell-kit: a fulfiller must resolve to { status: "completed" } or { status: "failed", reason }',
      { fulfillmentId },
    );
    return { status: 'failed', reason: 'The server could not fulfill the offer.' };
  }
  if (
    outcome.status === 'failed' &&
    (typeof outcome.reason !== 'string' || !outcome.reason.trim())
  ) {
    return { status: 'failed', reason: 'The server could not fulfill the offer.' };
  }
  return outcome;
}

/**
 * Records a fulfiller's outcome (its grant, for status reads) and reports it through the Update
 * API. Never rejects: a failure is logged, and the fulfillment stays `in_progress` for the
 * merchant to complete later.
 */
async function reportOutcome(
  ctx: RunContext,
  outcome: FulfillerResult,
  fulfillment: Fulfillment,
  identity: Identity,
  key: string,
): Promise<Fulfillment> {
  const grant = outcome.status === 'completed' ? (outcome.grant ?? null) : null;
  if (grant) {
    // Status reads show the grant from this record; Chargebee is told either way. Bounded by the
    // store's deadline; kept on this instance when the store fails.
    const record = { state: 'done', id: fulfillment.id, grant } as const;
    const error = await writeOwnRecord(ctx, key, record);
    if (error !== undefined) {
      ctx.logger.error(
        'upsell-kit: could not store the grant of a fulfillment; Chargebee is still told the outcome',
        { fulfillmentId: fulfillment.id, error },
      );
    }
  }
  let updated: Fulfillment;
  try {
    updated = await updateFulfillment(
      ctx,
      fulfillment.id,
      outcome.status === 'completed'
        ? { status: 'completed' }
        : { status: 'failed', reason: outcome.reason },
      grant,
    );
  } catch (error) {
    // The grant (if any) stands; the fulfillment stays in_progress and the merchant can call
    // completeFulfillment later. An upstream failure is already logged with its detail.
    ctx.logger.error('upsell-kit: could not report the fulfiller outcome to Chargebee', {
      fulfillmentId: fulfillment.id,
      outcome: outcome.status,
      code: error instanceof UpsellError ? error.code : undefined,
    });
    return { ...fulfillment, grant };
  }
  // Chargebee knows the outcome: a failing event bookkeeping must not say otherwise.
  await observeFinal(ctx, updated, identity).catch((error: unknown) =>
    ctx.logger.error('upsell-kit: could not emit the final event of a fulfillment', {
      fulfillmentId: fulfillment.id,
      error,
    }),
  );
  return updated;
}

/**
 * Runs a fulfiller and reports its outcome through the Update API. An accept waits for it up to
 * `fulfillTimeoutMs`; past that it is answered with the fulfillment still `in_progress`, and the
 * outcome is reported when it arrives (a grant that lands late still completes the fulfillment).
 */
export async function runFulfiller(
  ctx: RunContext,
  fulfiller: Fulfiller,
  run: {
    fulfillment: Fulfillment;
    claims: OfferTokenClaims;
    identity: Identity;
    request: Request;
    key: string;
  },
): Promise<Fulfillment> {
  const { fulfillment, claims, identity, request, key } = run;
  const outcome = Promise.resolve()
    // A fulfiller calls Chargebee with the SDK itself (a promotional grant): room for one critical
    // call is taken for it, counted against the identity's share while it has room. Refused only
    // when even the accepts' reserve is used up for 5 s; it runs anyway then, since failing a
    // paid accept is worse than one call over the budget.
    .then(() =>
      ctx.caller.reserve('fulfiller', 'critical', identityHashOf(identity)).catch(() =>
        ctx.logger.warn('upsell-kit: a fulfiller ran without room in the Chargebee API budget', {
          fulfillmentId: fulfillment.id,
        }),
      ),
    )
    .then(() =>
      fulfiller({
        fulfillment,
        offerId: claims.offerId,
        identity,
        chargebee: ctx.chargebee,
        request,
      }),
    )
    .then(
      (result) => outcomeOf(ctx, result, fulfillment.id),
      (error: unknown): FulfillerResult => {
        ctx.logger.error('upsell-kit: fulfiller failed', {
          fulfillmentId: fulfillment.id,
          error,
          upstream: upstreamFailureOf(error)?.detail,
        });
        return { status: 'failed', reason: 'The server could not fulfill the offer.' };
      },
    );
  const result = await withDeadline(
    outcome,
    ctx.timeouts.fulfillMs,
    (): typeof FULFILL_TIMEOUT => FULFILL_TIMEOUT,
  );
  if (result !== FULFILL_TIMEOUT) return reportOutcome(ctx, result, fulfillment, identity, key);
  ctx.logger.error(
    'upsell-kit: a fulfiller did not finish within fulfillTimeoutMs; the accept is answered with the fulfillment in_progress, and the outcome is reported to Chargebee when it arrives',
    { fulfillmentId: fulfillment.id, fulfillTimeoutMs: ctx.timeouts.fulfillMs },
  );
  void outcome.then(async (late) => {
    const final = await reportOutcome(ctx, late, fulfillment, identity, key);
    ctx.logger.info('upsell-kit: a late fulfiller outcome was reported', {
      fulfillmentId: fulfillment.id,
      status: final.status,
    });
  });
  return fulfillment;
}
