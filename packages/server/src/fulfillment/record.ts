import type { FulfillmentGrant } from '@upsell-kit/core';
import type { UpsellStore } from '../stores/upsell-store';

/**
 * What the store knows about the accept of one personalized offer:
 * - `pending`: one request claimed the create and is talking to Chargebee;
 * - `unknown`: a create timed out or answered garbage, so Chargebee may have created it;
 * - `refused`: Chargebee refused the create (accepted elsewhere);
 * - `done`: the fulfillment exists (with the grant of this server's fulfiller, if any).
 */
export type FulfillmentRecord =
  | { state: 'pending' }
  | { state: 'unknown' }
  | { state: 'refused' }
  | { state: 'done'; id: string; grant: FulfillmentGrant | null };

/** Fulfillments fail upstream after 7 days without an update: keep records a little longer. */
export const RECORD_TTL_MS = 8 * 24 * 60 * 60 * 1000;
/** How long an accept whose outcome is unknown (timeout) blocks further creates. */
export const UNKNOWN_TTL_MS = 30_000;
/** How long Chargebee's refusal of a create (accepted elsewhere) answers further accepts. */
export const REFUSED_TTL_MS = 5 * 60_000;
/** What Chargebee's fulfillment ids look like (anything else is a 404 / 400 without asking). */
export const FULFILLMENT_ID = /^[A-Za-z0-9_-]{1,100}$/;

/** The store key of the record of one personalized offer's accept. */
export function recordKey(personalizedOfferId: string): string {
  return `fulfillment:${personalizedOfferId}`;
}

/** The store key that marks a fulfillment's final status as announced (`onEvent`). */
export function finalKey(fulfillmentId: string): string {
  return `final:${fulfillmentId}`;
}

/** The record under `key`; `null` when absent or unreadable. */
export async function readRecord(
  store: UpsellStore,
  key: string,
): Promise<FulfillmentRecord | null> {
  const raw = await store.get(key);
  if (raw === null) return null;
  try {
    return JSON.parse(raw) as FulfillmentRecord;
  } catch {
    return null;
  }
}

/** Stores `record` under `key` for `ttlMs`, replacing what was there. */
export function writeRecord(
  store: UpsellStore,
  key: string,
  record: FulfillmentRecord,
  ttlMs: number,
): Promise<void> {
  return store.set(key, JSON.stringify(record), ttlMs);
}

/** Claims the create of `key` (a `pending` record) unless a record exists; `true` when won. */
export function claimRecord(store: UpsellStore, key: string, ttlMs: number): Promise<boolean> {
  return store.setIfAbsent(
    key,
    JSON.stringify({ state: 'pending' } satisfies FulfillmentRecord),
    ttlMs,
  );
}
