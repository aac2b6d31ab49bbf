import type { ProcessingType } from '../scenario';
import type {
  HostedPage,
  OfferFulfillment,
  PersonalizedOffer,
  PersonalizedOfferOption,
} from '../wire-types';
import { matchesRule, type AudienceSubject } from './audience';
import type { Params } from './body';
import { ApiError, jsonResponse, notFound, paramError } from './errors';
import { randomHex } from './ids';
import { localizedContent } from './localized-content';
import {
  CHECKOUT_PAGE_TTL_MS,
  DEFAULT_OFFER_TTL_SECONDS,
  failFulfillment,
  completeFulfillment,
  findOffer,
  outcomeFor,
  refreshFulfillment,
  seconds,
  type FulfillmentState,
  type SimState,
} from './state';
import { readEnum, readObject, readString } from './validate';

/** Chargebee's limit for ids (personalized offers, options, fulfillments). */
const ID_MAX = 50;
// Deliberately loose (one @, no spaces, a dot in the domain): Chargebee's exact rule is not public.
const EMAIL = /^[^\s@]+@[^\s@.]+(?:\.[^\s@.]+)+$/;
const UPDATABLE: readonly ProcessingType[] = ['url_redirect', 'webhook', 'email'];

function subjectKeyOf(customerId: string, subscriptionId: string | undefined): string {
  return subscriptionId ? `subscription:${subscriptionId}` : `customer:${customerId}`;
}

/** Whom a dismissal of this play hides it from (see `assumptions.cooldownScope`). */
function cooldownKeyOf(
  state: SimState,
  playId: string,
  customerId: string,
  subjectKey: string,
): string {
  const scope =
    state.assumptions.cooldownScope === 'customer' ? `customer:${customerId}` : subjectKey;
  return `${playId}|${scope}`;
}

/** An id: Chargebee checks its length (400), before looking it up (404). */
function readId(params: Params, key: string): string {
  return readString(params, key, { required: true, max: ID_MAX });
}

function readRoles(params: Params): string[] | undefined {
  const value = params.roles;
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw paramError('roles', 'must be a list of strings');
  return value.map((role, i) => {
    if (typeof role !== 'string')
      throw paramError(`roles[${i}]`, 'invalid value, expected a string');
    if (role.length > 50) throw paramError(`roles[${i}]`, 'cannot be more than 50 characters.');
    return role;
  });
}

const CONTEXT_LIMITS: Record<string, number> = {
  user_agent: 255,
  locale: 50,
  timezone: 64,
  url: 250,
  referrer_url: 250,
};

function readRequestContext(params: Params): Record<string, unknown> {
  const context = readObject(params, 'request_context');
  if (!context) return {};
  const out: Record<string, unknown> = {};
  for (const [key, max] of Object.entries(CONTEXT_LIMITS)) {
    const value = readString(context, key, { max, param: `request_context[${key}]` });
    if (value !== undefined) out[key] = value;
  }
  return out;
}

/** Whether the base offer of this play already has an in-progress or completed fulfillment for the subject. */
function acceptedFulfillment(
  state: SimState,
  playId: string,
  offerId: string,
  subjectKey: string,
): FulfillmentState | undefined {
  for (const f of state.fulfillments.values()) {
    if (f.playId !== playId || f.offerId !== offerId || f.subjectKey !== subjectKey) continue;
    refreshFulfillment(state, f);
    if (f.wire.status !== 'failed') return f;
  }
  return undefined;
}

/** POST /api/v2/personalized_offers */
export function personalizedOffers(state: SimState, params: Params): Response {
  const customerId = readString(params, 'customer_id', { required: true, max: 50 });
  const subscriptionId = readString(params, 'subscription_id', { max: 50 });
  const subject: AudienceSubject = {
    customer_id: customerId,
    custom: readObject(params, 'custom') ?? {},
    request_context: {},
  };
  if (subscriptionId !== undefined) subject.subscription_id = subscriptionId;
  const firstName = readString(params, 'first_name', { max: 150 });
  if (firstName !== undefined) subject.first_name = firstName;
  const lastName = readString(params, 'last_name', { max: 150 });
  if (lastName !== undefined) subject.last_name = lastName;
  const email = readString(params, 'email', { max: 70 });
  if (email !== undefined && !EMAIL.test(email)) throw paramError('email', 'invalid email format');
  if (email !== undefined) subject.email = email;
  const externalUserId = readString(params, 'external_user_id', { max: 50 });
  if (externalUserId !== undefined) subject.external_user_id = externalUserId;
  const roles = readRoles(params);
  if (roles !== undefined) subject.roles = roles;
  subject.request_context = readRequestContext(params);

  const { scenario, clock } = state;
  const now = clock.now();
  const expiresAt = seconds(now) + (scenario.offerTtlSeconds ?? DEFAULT_OFFER_TTL_SECONDS);
  const subjectKey = subjectKeyOf(customerId, subscriptionId);

  const ranked = scenario.plays
    .map((play, index) => ({ play, index }))
    .sort((a, b) => b.play.priority - a.play.priority || a.index - b.index);

  const personalized: PersonalizedOffer[] = [];
  for (const { play } of ranked) {
    const audience = scenario.audiences.find((a) => a.id === play.audience);
    const offer = findOffer(scenario, play.offer);
    if (!audience || !offer || !matchesRule(audience.rule, subject)) continue;
    const dismissedAt = state.dismissals.get(cooldownKeyOf(state, play.id, customerId, subjectKey));
    const cooldownMs = (play.cooldownSeconds ?? state.assumptions.cooldownSeconds) * 1000;
    if (dismissedAt !== undefined && now < dismissedAt + cooldownMs) continue;
    if (acceptedFulfillment(state, play.id, offer.id, subjectKey)) continue;

    // The content in the request's locale when the scenario has it, else the offer's own.
    const localized = localizedContent(offer, subject.request_context.locale);
    const options: PersonalizedOfferOption[] = offer.options.map((o) => ({
      id: o.id,
      label: localized?.labels?.[o.id] ?? o.label,
      processing_type: o.processingType,
      ...(o.processingLayout ? { processing_layout: o.processingLayout } : {}),
      ...(o.redirectUrl ? { redirect_url: o.redirectUrl } : {}),
    }));
    let id = `${offer.id}_${randomHex(8)}`;
    while (state.offers.has(id)) id = `${offer.id}_${randomHex(8)}`;
    personalized.push({
      id,
      offer_id: offer.id,
      content: {
        title: localized?.title ?? offer.title,
        description: localized?.description ?? offer.description,
      },
      options,
    });
    state.offers.set(id, {
      subjectKey,
      record: {
        id,
        offer_id: offer.id,
        play_id: play.id,
        customer_id: customerId,
        subscription_id: subscriptionId ?? null,
        options,
        expires_at: expiresAt,
        issued_at: now,
      },
    });
    break; // Chargebee returns at most one offer today.
  }

  return jsonResponse(200, {
    personalized_offers: personalized,
    ...(scenario.brand ? { brand: scenario.brand } : {}),
    expires_at: expiresAt,
  });
}

/** POST /api/v2/offer_events */
export function offerEvents(state: SimState, params: Params): Response {
  const personalizedOfferId = readId(params, 'personalized_offer_id');
  const type = readEnum(params, 'type', ['viewed', 'dismissed'] as const, true) as
    'viewed' | 'dismissed';
  if (!state.assumptions.offerEventsEnabled) {
    throw new ApiError(
      400,
      'configuration_incompatible',
      'Offer events are not enabled for this site. Contact Chargebee support to enable them.',
      { type: 'invalid_request' },
    );
  }
  const issued = state.offers.get(personalizedOfferId);
  if (!issued) throw notFound('personalized_offer', personalizedOfferId);
  const at = state.clock.now();
  state.events.push({
    personalized_offer_id: personalizedOfferId,
    type,
    customer_id: issued.record.customer_id,
    subscription_id: issued.record.subscription_id,
    at,
  });
  if (type === 'dismissed') {
    const { play_id, customer_id } = issued.record;
    state.dismissals.set(cooldownKeyOf(state, play_id, customer_id, issued.subjectKey), at);
  }
  return new Response(null, { status: 204 });
}

const ALREADY =
  'Fulfillment is already in progress/completed. Retrieve the fulfillment to know the latest status.';

/** POST /api/v2/offer_fulfillments */
export function createFulfillment(state: SimState, params: Params): Response {
  const personalizedOfferId = readId(params, 'personalized_offer_id');
  const optionId = readId(params, 'option_id');
  const issued = state.offers.get(personalizedOfferId);
  if (!issued) throw notFound('personalized_offer', personalizedOfferId);
  const option = issued.record.options.find((o) => o.id === optionId);
  if (!option)
    throw paramError(
      'option_id',
      `${optionId} is not an option of personalized offer ${personalizedOfferId}`,
    );

  const samePersonalized = [...state.fulfillments.values()].some(
    (f) => f.wire.personalized_offer_id === personalizedOfferId,
  );
  const sameBase = acceptedFulfillment(
    state,
    issued.record.play_id,
    issued.record.offer_id,
    issued.subjectKey,
  );
  if (samePersonalized || sameBase) {
    const { status, apiErrorCode } = state.assumptions.duplicateFulfillment;
    throw new ApiError(status, apiErrorCode, ALREADY, { type: 'invalid_request' });
  }

  const now = state.clock.now();
  let id = randomHex(8);
  while (state.fulfillments.has(id)) id = randomHex(8);
  const wire: OfferFulfillment = {
    id,
    personalized_offer_id: personalizedOfferId,
    option_id: option.id,
    processing_type: option.processing_type,
    status: 'in_progress',
    ...(option.redirect_url ? { redirect_url: option.redirect_url } : {}),
    created_at: seconds(now),
  };
  const f: FulfillmentState = {
    wire,
    createdMs: now,
    subjectKey: issued.subjectKey,
    playId: issued.record.play_id,
    offerId: issued.record.offer_id,
    customerId: issued.record.customer_id,
    subscriptionId: issued.record.subscription_id,
  };
  const outcome = outcomeFor(state, option.id, option.processing_type);
  if (outcome) {
    f.scheduled = {
      outcome: outcome.outcome,
      errorCode:
        outcome.errorCode ??
        (option.processing_type === 'billing_update'
          ? 'billing_update_failed'
          : option.processing_type === 'checkout'
            ? 'checkout_abandoned'
            : 'external_fulfillment_failed'),
      atMs: now + Math.max(0, outcome.delayMs ?? 1500),
    };
  }
  state.fulfillments.set(id, f);

  let hostedPage: HostedPage | undefined;
  if (option.processing_type === 'checkout') {
    const pageId = `hp_${randomHex(16)}`;
    hostedPage = {
      id: pageId,
      type: 'checkout_existing',
      url: `${state.publicUrl()}/hosted_pages/${pageId}`,
      state: 'created',
      embed: false,
      created_at: seconds(now),
      expires_at: seconds(now + CHECKOUT_PAGE_TTL_MS),
      updated_at: seconds(now),
      object: 'hosted_page',
    };
    const offer = findOffer(state.scenario, issued.record.offer_id);
    state.hostedPages.set(pageId, {
      wire: hostedPage,
      fulfillmentId: id,
      ...(option.redirect_url ? { redirectUrl: option.redirect_url } : {}),
      offerTitle: offer?.title ?? issued.record.offer_id,
      optionLabel: option.label,
    });
    f.hostedPageId = pageId;
  }
  refreshFulfillment(state, f); // a delay of 0 completes at once
  return jsonResponse(202, {
    offer_fulfillment: structuredClone(f.wire),
    ...(hostedPage ? { hosted_page: structuredClone(hostedPage) } : {}),
  });
}

function getFulfillment(state: SimState, id: string): FulfillmentState {
  if (id.length > ID_MAX)
    throw paramError('offer_fulfillment_id', `cannot be more than ${ID_MAX} characters.`);
  const f = state.fulfillments.get(id);
  if (!f) throw notFound('offer_fulfillment', id);
  return refreshFulfillment(state, f);
}

/** GET /api/v2/offer_fulfillments/{id} */
export function retrieveFulfillment(state: SimState, id: string): Response {
  const f = getFulfillment(state, id);
  return jsonResponse(200, { offer_fulfillment: structuredClone(f.wire) });
}

/** POST /api/v2/offer_fulfillments/{id} (the Update API). */
export function updateFulfillment(state: SimState, id: string, params: Params): Response {
  const f = getFulfillment(state, id);
  const bodyId = readString(params, 'id', { max: ID_MAX });
  if (bodyId !== undefined && bodyId !== id)
    throw paramError('id', `does not match the fulfillment ${id} in the URL`);
  const status = readEnum(params, 'status', ['completed', 'failed'] as const, true);
  const failureReason = readString(params, 'failure_reason', {
    max: 100,
    required: status === 'failed',
  });
  if (!UPDATABLE.includes(f.wire.processing_type)) {
    throw new ApiError(
      400,
      'invalid_request',
      `Fulfillments of processing type ${f.wire.processing_type} are updated by Chargebee; only url_redirect, webhook and email fulfillments can be updated.`,
      { type: 'invalid_request' },
    );
  }
  if (f.wire.status !== 'in_progress') {
    throw new ApiError(
      409,
      'invalid_state_for_request',
      `The fulfillment is already ${f.wire.status}.`,
      {
        type: 'invalid_request',
      },
    );
  }
  const now = state.clock.now();
  if (status === 'completed') completeFulfillment(f, now);
  else failFulfillment(f, now, 'external_fulfillment_failed', failureReason);
  return jsonResponse(200, { offer_fulfillment: structuredClone(f.wire) });
}
