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
}
