/**
 * The demo's own endpoints (not part of upsell-kit): sign-in as a demo user and a read-out of
 * what the server sent to Chargebee. Shared by the demo server and the demo page.
 */

/** A demo user as the page sees it: no customer or subscription the browser could send back. */
export interface DemoUserSummary {
  id: string;
  name: string;
  /** Display only ("Acme Inc."): the server alone maps users to Chargebee customers. */
  company: string;
}

/** `GET /demo/session`. */
export interface DemoSessionResponse {
  user: DemoUserSummary | null;
  /** A session cookie came with the request but its signature did not verify (forged or stale). */
  sessionRejected: boolean;
  users: DemoUserSummary[];
  /** `simulator` when the Chargebee simulator runs inside the demo server. */
  chargebee: 'simulator' | 'chargebee' | 'custom-base-url';
}

/** One line of the activity panel. */
export interface ActivityEntry {
  id: string;
  kind: 'event' | 'fulfillment' | 'grant';
  /** Short human summary, e.g. "viewed · vdyjO2qlLD_715653d4". */
  summary: string;
  /** Customer or subscription it concerns. */
  subject: string;
  /** Epoch milliseconds. */
  at: number;
  /** Fulfillment status, when a fulfillment. */
  status?: string;
}

/** `GET /demo/activity`. */
export interface DemoActivityResponse {
  /** Where the lines come from: the embedded simulator's inspection API, or the server's onEvent log. */
  source: 'simulator' | 'server-log';
  events: ActivityEntry[];
  fulfillments: ActivityEntry[];
  grants: ActivityEntry[];
  /** Promotional credit balances of the signed-in user's subscription, by unit (simulator only). */
  balances: Record<string, string>;
  /** The "Chargebee API budget" meter. */
  apiBudget: DemoApiBudget;
}

/**
 * Chargebee's site-wide API limit and what the kit does to live within it. Every figure is
 * `null` when its source cannot tell (the page shows "—"): Chargebee's counts come from the
 * embedded simulator, the kit's from the upsell handler's `stats()` when it has one.
 */
export interface DemoApiBudget {
  /** Calls Chargebee allows in any 60 s (the simulator's limit), null when off or unknown. */
  limit: number | null;
  /** Calls Chargebee served in the last 60 s. */
  callsLastMinute: number | null;
  /** Calls Chargebee refused (429) in the last 60 s. */
  refusedLastMinute: number | null;
  /** `POST /offers` answered from the kit's offer cache, without a Chargebee call. */
  cached: number | null;
  /** Offer events waiting in the kit's queue for room in the budget. */
  queued: number | null;
  /** Chargebee calls the kit did not make because its budget was short. */
  shed: number | null;
}

/** `GET /demo/plan`: the signed-in user's plan, as the app's own server knows it. */
export interface DemoPlan {
  storageGb: number;
  aiCredits: number;
  seats: number;
}
