import type { ProcessingType, Scenario, ScenarioOffer } from '../scenario';
import type {
  Fault,
  FaultEndpoint,
  SimulatorAssumptions,
  FulfillmentOutcome,
  IssuedOffer,
  OfferEventRecord,
  RecordedRequest,
  SimulatorClock,
} from '../simulator';
import type { GrantBlock, HostedPage, LedgerOperation, OfferFulfillment } from '../wire-types';
import { formatAmount, parseAmount } from './decimal';
import { prefixedId } from './ids';

/** url_redirect / webhook / email fulfillments not updated within this fail (`external_fulfillment_failed`). */
const FULFILLMENT_TTL_MS = 7 * 24 * 60 * 60 * 1000;
/** Chargebee's checkout links expire after 3 hours; an unfinished checkout fulfillment then fails. */
export const CHECKOUT_PAGE_TTL_MS = 3 * 60 * 60 * 1000;
/** An idempotency key replays its first answer for this long (Chargebee's documented window). */
export const IDEMPOTENCY_WINDOW_MS = 30 * 60 * 1000;
/** billing_update completes after this by default. */
const DEFAULT_BILLING_DELAY_MS = 1500;
export const DEFAULT_OFFER_TTL_SECONDS = 1800;

interface IssuedOfferState {
  record: IssuedOffer;
  /** Subscription (or customer, when no subscription) the one-fulfillment rule keys on. */
  subjectKey: string;
}

export interface FulfillmentState {
  wire: OfferFulfillment;
  createdMs: number;
  subjectKey: string;
  playId: string;
  offerId: string;
  customerId: string;
  subscriptionId: string | null;
  scheduled?: { outcome: FulfillmentOutcome['outcome']; errorCode: string; atMs: number };
  hostedPageId?: string;
}

export interface HostedPageState {
  wire: HostedPage;
  fulfillmentId: string;
  redirectUrl?: string;
  /** Where the checkout was opened from (the Referer of the first page view), for a "Return" link. */
  openedFrom?: string;
  offerTitle: string;
  optionLabel: string;
}

/** The first answer under an idempotency key, with what it was for. */
interface IdempotentAnswer {
  status: number;
  body: unknown;
  /** Canonical JSON of the request parameters: another body under the same key is refused. */
  fingerprint: string;
  /** Clock ms of the first answer. */
  atMs: number;
}

interface GrantState {
  subscription_id: string;
  unit_id: string;
  amount: string;
  expires_at: number;
  metadata?: Record<string, unknown>;
  idempotency_key: string | null;
  at: number;
  grantBlockIds: string[];
  ledgerOperationIds: string[];
}

/** What a simulator is configured with; kept across `reset()`. */
export interface SimConfig {
  apiKey: string;
  site: string;
  scenario: Scenario;
  publicUrl: () => string;
  clock: SimulatorClock;
  assumptions: Required<SimulatorAssumptions>;
}

/** Everything a simulator accumulates; `reset()` replaces all of it with {@link createData}'s. */
export interface SimData {
  offers: Map<string, IssuedOfferState>;
  events: OfferEventRecord[];
  /** `${playId}|${subjectKey}` → clock ms of the last dismissal. */
  dismissals: Map<string, number>;
  fulfillments: Map<string, FulfillmentState>;
  hostedPages: Map<string, HostedPageState>;
  grants: GrantState[];
  grantBlocks: Map<string, GrantBlock>;
  ledgerOperations: Map<string, LedgerOperation>;
  idempotency: Map<string, IdempotentAnswer>;
  requests: RecordedRequest[];
  faults: Map<FaultEndpoint, { fault: Fault; remaining: number }>;
  outcomes: Map<string, FulfillmentOutcome>;
}

export type SimState = SimConfig & SimData;

/** Fresh, empty data: the one list of what a simulator holds. */
export function createData(): SimData {
  return {
    offers: new Map(),
    events: [],
    dismissals: new Map(),
    fulfillments: new Map(),
    hostedPages: new Map(),
    grants: [],
    grantBlocks: new Map(),
    ledgerOperations: new Map(),
    idempotency: new Map(),
    requests: [],
    faults: new Map(),
    outcomes: new Map(),
  };
}

/** A simulator's state: its configuration plus fresh data. */
export function createState(config: SimConfig): SimState {
  return { ...config, ...createData() };
}

/** Drops all data (offers, fulfillments, grants, requests, faults, outcomes); keeps the configuration. */
export function resetState(state: SimState): void {
  Object.assign(state, createData());
}

export function seconds(ms: number): number {
  return Math.floor(ms / 1000);
}

export function findOffer(scenario: Scenario, id: string): ScenarioOffer | undefined {
  return scenario.offers.find((o) => o.id === id);
}

/** When and how an in-progress fulfillment ends on its own; billing_update never does (Chargebee runs it). */
function expiryOf(
  f: FulfillmentState,
): { atMs: number; code: string; message: string } | undefined {
  switch (f.wire.processing_type) {
    case 'checkout':
      return {
        atMs: f.createdMs + CHECKOUT_PAGE_TTL_MS,
        code: 'fulfillment_expired',
        message: 'The checkout page expired before it was completed.',
      };
    case 'url_redirect':
    case 'webhook':
    case 'email':
      return {
        atMs: f.createdMs + FULFILLMENT_TTL_MS,
        code: 'external_fulfillment_failed',
        message: 'The fulfillment was not updated within 7 days.',
      };
    default:
      return undefined;
  }
}

const ERROR_MESSAGES: Record<string, string> = {
  billing_update_failed: 'The subscription could not be updated.',
  checkout_abandoned: 'The customer abandoned the checkout.',
  external_fulfillment_failed: 'The merchant reported that fulfillment failed.',
  internal_error: 'An internal error occurred while fulfilling the offer.',
  fulfillment_expired: 'The fulfillment expired before it was completed.',
};

function errorMessageFor(code: string): string {
  return ERROR_MESSAGES[code] ?? `Fulfillment failed (${code}).`;
}

export function completeFulfillment(f: FulfillmentState, atMs: number): void {
  f.wire.status = 'completed';
  f.wire.completed_at = seconds(atMs);
  delete f.scheduled;
}

export function failFulfillment(
  f: FulfillmentState,
  atMs: number,
  code: string,
  message?: string,
): void {
  f.wire.status = 'failed';
  f.wire.failed_at = seconds(atMs);
  f.wire.error = { code, message: message ?? errorMessageFor(code) };
  delete f.scheduled;
}

/**
 * Applies time-based transitions lazily (no timers): scheduled outcomes, then the expiry (7 days
 * for url_redirect / webhook / email, the checkout page's 3 hours for checkout).
 */
export function refreshFulfillment(state: SimState, f: FulfillmentState): FulfillmentState {
  if (f.wire.status !== 'in_progress') return f;
  const now = state.clock.now();
  const expiry = expiryOf(f);
  const expiresMs = expiry?.atMs ?? Infinity;
  if (f.scheduled && f.scheduled.atMs <= now && f.scheduled.atMs < expiresMs) {
    if (f.scheduled.outcome === 'completed') completeFulfillment(f, f.scheduled.atMs);
    else failFulfillment(f, f.scheduled.atMs, f.scheduled.errorCode);
  } else if (expiry && now >= expiry.atMs) {
    failFulfillment(f, expiry.atMs, expiry.code, expiry.message);
  }
  if (f.hostedPageId && f.wire.status !== 'in_progress') {
    const page = state.hostedPages.get(f.hostedPageId);
    if (page && page.wire.state === 'created') {
      page.wire.state = f.wire.status === 'completed' ? 'succeeded' : 'cancelled';
      page.wire.updated_at = seconds(now);
    }
  }
  return f;
}

/** Moves balances of grant blocks past `expires_at` to `expired_amount`, with an expiry ledger operation. */
export function settleGrantBlocks(state: SimState): void {
  const nowS = seconds(state.clock.now());
  for (const block of state.grantBlocks.values()) {
    if (block.status !== 'active' || block.expires_at > nowS) continue;
    const amount = parseAmount(block.balance) ?? 0n;
    const before = accountBalance(state, block.subscription_id, block.unit_id);
    block.expired_amount = formatAmount((parseAmount(block.expired_amount) ?? 0n) + amount);
    block.balance = '0';
    // The SDK's enum has no `expired`; an ended block is `archived` (undocumented, see the README).
    block.status = 'archived';
    block.modified_at = block.expires_at;
    block.resource_version += 1;
    const op: LedgerOperation = {
      id: prefixedId('lo'),
      subscription_id: block.subscription_id,
      unit_id: block.unit_id,
      unit_type: 'credit_unit',
      type: 'expiry',
      amount: formatAmount(amount),
      provisioned_start_balance: formatAmount(before),
      provisioned_end_balance: formatAmount(before - amount),
      overdraft_start_balance: '0',
      overdraft_end_balance: '0',
      ledger_operation_timestamp: block.expires_at,
      created_at: block.expires_at,
      modified_at: block.expires_at,
    };
    state.ledgerOperations.set(op.id, op);
  }
}

/** Sum of active grant block balances (units of 1e-10). Call `settleGrantBlocks` first. */
export function accountBalance(state: SimState, subscriptionId: string, unitId: string): bigint {
  let total = 0n;
  for (const block of state.grantBlocks.values()) {
    if (
      block.subscription_id === subscriptionId &&
      block.unit_id === unitId &&
      block.status === 'active'
    ) {
      total += parseAmount(block.balance) ?? 0n;
    }
  }
  return total;
}

export function outcomeFor(
  state: SimState,
  optionId: string,
  type: ProcessingType,
): FulfillmentOutcome | undefined {
  return (
    state.outcomes.get(optionId) ??
    state.outcomes.get(type) ??
    (type === 'billing_update'
      ? { outcome: 'completed', delayMs: DEFAULT_BILLING_DELAY_MS }
      : undefined)
  );
}
