// The two servers of the page-load storm as a page sees them (storm.ts): how it asks for an
// offer, sends events, accepts and polls, through the kit or through the hand-written route.
import { BASE_PATH, IDENTITY_HEADER } from './protocol';

/** The dashboard's usage context, or another (the attacker's, varied to miss the cache). */
const offersBody = (custom: Record<string, number> = { storage_used_percent: 82 }) =>
  JSON.stringify({
    custom,
    context: { url: 'https://app.example.com/dashboard', locale: 'en-US', timezone: 'UTC' },
  });

/** One page's view of a server: how it asks for an offer, sends events, accepts, polls. */
export interface Arm {
  name: string;
  kind: 'handwritten' | 'kit';
  offers(
    base: string,
    customer: string,
    custom?: Record<string, number>,
  ): Promise<{ status: number; offer?: ShownOffer }>;
  event(base: string, customer: string, offer: ShownOffer, type: string): Promise<number>;
  accept(
    base: string,
    customer: string,
    offer: ShownOffer,
  ): Promise<{ status: number; id?: string }>;
  status(base: string, customer: string, offer: ShownOffer, id: string): Promise<string | null>;
}

export interface ShownOffer {
  /** Chargebee's personalized offer id. */
  id: string;
  /** What the page sends back: the kit's token, or the id itself for the hand-written route. */
  ref: string;
  optionId: string;
}

async function send(
  base: string,
  customer: string,
  method: 'GET' | 'POST',
  path: string,
  body?: string,
): Promise<{ status: number; json: unknown }> {
  try {
    const response = await fetch(`${base}${BASE_PATH}${path}`, {
      method,
      headers: { [IDENTITY_HEADER]: customer, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body }),
      signal: AbortSignal.timeout(15_000),
    });
    const text = await response.text();
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = null;
    }
    return { status: response.status, json };
  } catch {
    return { status: 0, json: null };
  }
}

export const kitArm: Arm = {
  name: 'kit',
  kind: 'kit',
  async offers(base, customer, custom) {
    const { status, json } = await send(base, customer, 'POST', '/offers', offersBody(custom));
    const offer = (json as { offers?: { id: string; token: string; options: { id: string }[] }[] })
      ?.offers?.[0];
    return status === 200 && offer
      ? { status, offer: { id: offer.id, ref: offer.token, optionId: offer.options[0]!.id } }
      : { status };
  },
  async event(base, customer, offer, type) {
    return (
      await send(base, customer, 'POST', '/events', JSON.stringify({ token: offer.ref, type }))
    ).status;
  },
  async accept(base, customer, offer) {
    const { status, json } = await send(
      base,
      customer,
      'POST',
      '/fulfillments',
      JSON.stringify({ token: offer.ref, option_id: offer.optionId }),
    );
    const id = (json as { fulfillment?: { id: string } } | null)?.fulfillment?.id;
    return id ? { status, id } : { status };
  },
  async status(base, customer, offer, id) {
    const { json } = await send(
      base,
      customer,
      'GET',
      `/fulfillments/${encodeURIComponent(id)}?token=${encodeURIComponent(offer.ref)}`,
    );
    return (json as { fulfillment?: { status: string } } | null)?.fulfillment?.status ?? null;
  },
};

export const handwrittenArm: Arm = {
  name: 'hand-written route',
  kind: 'handwritten',
  async offers(base, customer, custom) {
    const { status, json } = await send(base, customer, 'POST', '/offers', offersBody(custom));
    const offer = (json as { personalized_offers?: { id: string; options: { id: string }[] }[] })
      ?.personalized_offers?.[0];
    return status === 200 && offer
      ? { status, offer: { id: offer.id, ref: offer.id, optionId: offer.options[0]!.id } }
      : { status };
  },
  async event(base, customer, offer, type) {
    return (
      await send(
        base,
        customer,
        'POST',
        '/events',
        JSON.stringify({ personalized_offer_id: offer.ref, type }),
      )
    ).status;
  },
  async accept(base, customer, offer) {
    const { status, json } = await send(
      base,
      customer,
      'POST',
      '/fulfillments',
      JSON.stringify({ personalized_offer_id: offer.ref, option_id: offer.optionId }),
    );
    const id = (json as { offer_fulfillment?: { id: string } } | null)?.offer_fulfillment?.id;
    return id ? { status, id } : { status };
  },
  async status(base, customer, _offer, id) {
    const { json } = await send(base, customer, 'GET', `/fulfillments/${encodeURIComponent(id)}`);
    return (
      (json as { offer_fulfillment?: { status: string } } | null)?.offer_fulfillment?.status ?? null
    );
  },
};
