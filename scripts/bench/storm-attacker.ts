// The attacker of a storm point `…+attack` (issue 24): one signed-in identity running both
// attacks for the storm's minute, beside the customers, against the same two instances.
//   1. Every second, two page loads whose `custom` differs each time (a cache miss each), and
//      three views and a dismissal of every offer it is shown.
//   2. At the start, an accept of a checkout it never completes, then five status reads a second
//      on each instance: a fulfillment that stays in_progress is worth reading forever.
// What reached Chargebee on its behalf is read back from the simulator afterwards.
import type { Arm, ShownOffer } from './storm-arms';

/** The attacker's identity (the bench's `identify` makes it `bench_cus_storm_attacker`). */
const ATTACKER = 'storm_attacker';

/** What the attacker asked of the server. */
export interface AttackRequests {
  pageLoads: number;
  events: number;
  accepts: number;
  polls: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

/**
 * Runs the attacker for `stormMs` simulated ms (`real` converts to real ms), round-robin over
 * `bases`, and resolves what it asked for.
 */
export async function runAttacker(
  arm: Arm,
  bases: string[],
  stormMs: number,
  real: (simulatedMs: number) => number,
): Promise<AttackRequests> {
  const asked: AttackRequests = { pageLoads: 0, events: 0, accepts: 0, polls: 0 };
  const base = (n: number) => bases[n % bases.length]!;
  const started = Date.now();
  const until = started + real(stormMs);

  // Attack 2's fulfillment: the checkout offer (seats ≥ 90 %), accepted and never completed.
  let reading: { offer: ShownOffer; id: string } | undefined;
  const seats = await arm.offers(base(0), ATTACKER, { seats_used_percent: 95 });
  asked.pageLoads++;
  if (seats.offer) {
    asked.accepts++;
    const accepted = await arm.accept(base(1), ATTACKER, seats.offer);
    if (accepted.id) reading = { offer: seats.offer, id: accepted.id };
  }

  const work: Promise<unknown>[] = [];
  for (let second = 0; Date.now() < until; second++) {
    const tick = started + real(second * 1_000);
    await sleep(tick - Date.now());
    if (Date.now() >= until) break;
    for (let n = 0; n < 2; n++) {
      asked.pageLoads++;
      work.push(
        arm
          .offers(base(second + n), ATTACKER, { storage_used_percent: 85, nonce: second * 2 + n })
          .then(async ({ offer }) => {
            if (!offer) return;
            for (const type of ['viewed', 'viewed', 'viewed', 'dismissed']) {
              asked.events++;
              await arm.event(base(second + n + 1), ATTACKER, offer, type);
            }
          }),
      );
    }
    if (reading) {
      const { offer, id } = reading;
      for (let n = 0; n < 10; n++) {
        asked.polls++;
        work.push(arm.status(base(n), ATTACKER, offer, id));
      }
    }
  }
  await Promise.all(work);
  return asked;
}

/** The attacker's calls that reached Chargebee, by class, as the most in any 60 s. */
export interface AttackerUsage {
  offers: number;
  viewed: number;
  dismissed: number;
  creates: number;
  reads: number;
  /** Every call on its behalf, in total (not per 60 s). */
  total: number;
}

interface Recorded {
  method: string;
  path: string;
  body: unknown;
  at: number;
}

/** The most of `times` (ms, any order) that fall in any 60 s. */
function peakPerMinute(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let peak = 0;
  let first = 0;
  for (let last = 0; last < sorted.length; last++) {
    while (sorted[last]! - sorted[first]! >= 60_000) first++;
    peak = Math.max(peak, last - first + 1);
  }
  return peak;
}

/** Reads back from the simulator (`/__simulator/*`) what was called for the attacker. */
export async function attackerUsage(simulator: string): Promise<AttackerUsage> {
  const get = async <T>(route: string) =>
    (await (await fetch(`${simulator}/__simulator/${route}`)).json()) as T;
  const [requests, offers, fulfillments] = await Promise.all([
    get<Recorded[]>('requests'),
    get<{ id: string; customer_id: string }[]>('offers'),
    get<{ id: string; personalized_offer_id: string }[]>('fulfillments'),
  ]);
  const customer = `bench_cus_${ATTACKER}`;
  const own = new Set(offers.filter((o) => o.customer_id === customer).map((o) => o.id));
  const ownFulfillments = new Set(
    fulfillments.filter((f) => own.has(f.personalized_offer_id)).map((f) => f.id),
  );
  const field = (body: unknown, name: string) =>
    body && typeof body === 'object' ? (body as Record<string, unknown>)[name] : undefined;
  const times: Record<Exclude<keyof AttackerUsage, 'total'>, number[]> = {
    offers: [],
    viewed: [],
    dismissed: [],
    creates: [],
    reads: [],
  };
  for (const request of requests) {
    const path = request.path;
    if (path === '/api/v2/personalized_offers' && field(request.body, 'customer_id') === customer) {
      times.offers.push(request.at);
    } else if (path === '/api/v2/offer_events') {
      if (!own.has(String(field(request.body, 'personalized_offer_id')))) continue;
      (field(request.body, 'type') === 'dismissed' ? times.dismissed : times.viewed).push(
        request.at,
      );
    } else if (path === '/api/v2/offer_fulfillments' && request.method === 'POST') {
      if (own.has(String(field(request.body, 'personalized_offer_id'))))
        times.creates.push(request.at);
    } else if (path.startsWith('/api/v2/offer_fulfillments/') && request.method === 'GET') {
      if (ownFulfillments.has(decodeURIComponent(path.slice('/api/v2/offer_fulfillments/'.length))))
        times.reads.push(request.at);
    }
  }
  return {
    offers: peakPerMinute(times.offers),
    viewed: peakPerMinute(times.viewed),
    dismissed: peakPerMinute(times.dismissed),
    creates: peakPerMinute(times.creates),
    reads: peakPerMinute(times.reads),
    total: Object.values(times).reduce((sum, list) => sum + list.length, 0),
  };
}

/** The kit's default per-identity shares at `budget` (upstreamBudget.perIdentity). */
export function defaultShares(budget: number): Omit<AttackerUsage, 'total'> {
  const share = (part: number, least: number) => Math.max(least, Math.ceil(budget * part));
  return {
    offers: share(0.05, 3),
    viewed: share(0.05, 3),
    dismissed: share(0.03, 2),
    creates: share(0.1, 6),
    reads: share(0.1, 6),
  };
}
