import { UpsellError } from '@upsell-kit/core';
import type Chargebee from 'chargebee';
import type { GrantBlock } from 'chargebee';
import { callUpstream } from '../upstream/call-upstream';
import type { UpsellLogger } from '../http/upsell-logger';

/**
 * Input of {@link grantPromotionalCredits}, checked against Chargebee's limits before any call.
 * @example { subscriptionId: 'sub_acme', unitId: 'ai_credits', amount: '50', expiresAt: new Date('2027-01-01'), idempotencyKey: 'promo-2027-sub_acme' }
 */
export interface PromotionalGrantInput {
  /** The subscription that receives the credits (≤ 50 characters). */
  subscriptionId: string;
  /** A credit unit such as `ai_credits` (≤ 50 characters). */
  unitId: string;
  /**
   * A decimal string > 0 with at most 25 integer and 10 fraction digits (≤ 36 characters), e.g. `'50'`
   * or `'12.5'`. A string, never a number, so that no precision is lost.
   */
  amount: string;
  /** When the remaining balance expires: unix seconds (or a `Date`) in the future. */
  expiresAt: number | Date;
  /** A plain JSON object stored with the grant (≤ 65,000 characters serialized). @default undefined */
  metadata?: Record<string, unknown>;
  /**
   * Makes retries safe: Chargebee applies a key once. Derive it from what the grant is for.
   * @default a random UUID (a fresh grant per call)
   */
  idempotencyKey?: string;
}

/** Chargebee's limit on a serialized metadata object. */
const METADATA_MAX_CHARS = 65_000;
const AMOUNT = /^(\d{1,25})(?:\.(\d{1,10}))?$/;

const invalid = (message: string) => new UpsellError('invalid_request', message);

function checkId(name: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim().length === 0 || value.length > 50) {
    throw invalid(`${name} must be a non-empty string of at most 50 characters.`);
  }
  return value;
}

/** Throws `invalid_request` unless `amount` is a decimal string Chargebee accepts. */
export function checkAmount(amount: unknown): string {
  if (typeof amount !== 'string' || amount.length > 36) {
    throw invalid('amount must be a decimal string of at most 36 characters, e.g. "50".');
  }
  const match = AMOUNT.exec(amount);
  if (!match) {
    throw invalid('amount must have at most 25 integer and 10 fraction digits, e.g. "12.5".');
  }
  if (/^0*$/.test(match[1] ?? '') && /^0*$/.test(match[2] ?? '')) {
    throw invalid('amount must be greater than 0.');
  }
  return amount;
}

function checkExpiresAt(expiresAt: unknown, now: number): number {
  const seconds = expiresAt instanceof Date ? Math.floor(expiresAt.getTime() / 1000) : expiresAt;
  if (typeof seconds !== 'number' || !Number.isSafeInteger(seconds) || seconds <= now / 1000) {
    throw invalid('expiresAt must be a time in the future, in whole unix seconds.');
  }
  return seconds;
}

function checkMetadata(metadata: unknown): Record<string, unknown> | undefined {
  if (metadata === undefined) return undefined;
  const proto =
    typeof metadata === 'object' && metadata !== null ? Object.getPrototypeOf(metadata) : undefined;
  if (proto !== Object.prototype && proto !== null) {
    throw invalid('metadata must be a plain JSON object.');
  }
  let serialized: string | undefined;
  try {
    serialized = JSON.stringify(metadata);
  } catch {
    throw invalid('metadata must be serializable as JSON.');
  }
  if (serialized === undefined || serialized.length > METADATA_MAX_CHARS) {
    throw invalid(`metadata must be at most ${METADATA_MAX_CHARS} characters as JSON.`);
  }
  // Send exactly what was measured: a round trip drops functions, undefined and such.
  return JSON.parse(serialized) as Record<string, unknown>;
}

/** Validates every field of a grant, before any call. Throws `UpsellError('invalid_request')`. */
export function checkPromotionalGrant(input: PromotionalGrantInput, now = Date.now()) {
  if (typeof input !== 'object' || input === null) throw invalid('The grant must be an object.');
  const idempotencyKey = input.idempotencyKey ?? crypto.randomUUID();
  if (
    typeof idempotencyKey !== 'string' ||
    idempotencyKey.length === 0 ||
    idempotencyKey.length > 100
  ) {
    throw invalid('idempotencyKey must be a non-empty string of at most 100 characters.');
  }
  const metadata = checkMetadata(input.metadata);
  return {
    params: {
      subscription_id: checkId('subscriptionId', input.subscriptionId),
      unit_id: checkId('unitId', input.unitId),
      amount: checkAmount(input.amount),
      expires_at: checkExpiresAt(input.expiresAt, now),
      ...(metadata === undefined ? {} : { metadata }),
    },
    idempotencyKey,
  };
}

/**
 * Grants promotional credits on a subscription (Chargebee Billing `POST /promotional_grants`),
 * e.g. to reward subscribers or compensate for a disruption. Every field is validated first; the
 * call carries an idempotency key. Failures are the contract's `UpsellError`s
 * (`upstream_error`, `upstream_unavailable`, `upstream_timeout`, `invalid_request`).
 *
 * @returns the grant blocks Chargebee created.
 * @example
 * const blocks = await grantPromotionalCredits(chargebee, {
 *   subscriptionId: 'sub_acme', unitId: 'ai_credits', amount: '50',
 *   expiresAt: Math.floor(Date.now() / 1000) + 30 * 86400, idempotencyKey: `apology-${incidentId}`,
 * });
 */
export async function grantPromotionalCredits(
  chargebee: Chargebee,
  input: PromotionalGrantInput,
  options: { logger?: UpsellLogger; deadlineMs?: number } = {},
): Promise<GrantBlock[]> {
  const { params, idempotencyKey } = checkPromotionalGrant(input);
  const result = await callUpstream(
    'promotional_grants.create',
    () =>
      chargebee.promotionalGrant.promotionalGrants(params, {
        'chargebee-idempotency-key': idempotencyKey,
      }),
    options,
  );
  const blocks = (result as { grant_blocks?: unknown }).grant_blocks;
  return Array.isArray(blocks) ? (blocks as GrantBlock[]) : [];
}
