import type { Identity } from '@upsell-kit/core';
import { sha256 } from '@noble/hashes/sha2';
import { bytesToHex } from '@noble/hashes/utils';

/**
 * A short, non-reversible key of one identity (customer, subscription, user), for its share of
 * the budget and for logs and events that must not name the customer: the first 16 hex digits of
 * SHA-256 over the identity's ids.
 * @example identityHashOf({ customerId: 'cus_1' }) // '3f2a…' (16 hex digits)
 */
export function identityHashOf(identity: Identity): string {
  const ids = [identity.customerId, identity.subscriptionId ?? '', identity.externalUserId ?? ''];
  return bytesToHex(sha256(new TextEncoder().encode(JSON.stringify(ids)))).slice(0, 16);
}
