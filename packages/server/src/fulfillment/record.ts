import type { FulfillmentGrant, HostedPage } from '@upsell-kit/core';
import type { HandlerContext } from '../handler/context';
import { isStoreUnavailable, StoreUnavailableError } from '../stores/store-unavailable-error';
import type { UpsellStore } from '../stores/upsell-store';

/**
 * What the store knows about the accept of one personalized offer:
 * - `pending`: one request claimed the create and is talking to Chargebee (`claim`: a random id of
 *   that claim, so that its writer can tell its own claim written late by a queued command);
 * - `unknown`: a create timed out or answered garbage, so Chargebee may have created it;
 * - `refused`: Chargebee refused the create (accepted elsewhere);
 * - `done`: the fulfillment exists (with the grant of this server's fulfiller, if any, and its
 *   checkout page, if any: Chargebee's Retrieve does not return it, so a repeat accept, a second
 *   tab or a reload can reach the checkout only through this copy).
 */
export type FulfillmentRecord =
  | { state: 'pending'; claim?: string }
  | { state: 'unknown' }
  | { state: 'refused' }
  | {
      state: 'done';
      id: string;
      grant: FulfillmentGrant | null;
      /** The checkout page, kept until `hostedPageUntil` (epoch ms). Absent in older records. */
      hostedPage?: HostedPage | null;
      hostedPageUntil?: number;
    };

/** Fulfillments fail upstream after 7 days without an update: keep records a little longer. */
export const RECORD_TTL_MS = 8 * 24 * 60 * 60 * 1000;
/** Chargebee's checkout links expire after 3 hours (used when the page names no `expires_at`). */
const HOSTED_PAGE_TTL_MS = 3 * 60 * 60 * 1000;

/** Until when (epoch ms) a hosted page created now can be opened. */
export function hostedPageUntil(page: HostedPage, now = Date.now()): number {
  const expiresAt = page.expires_at;
  return typeof expiresAt === 'number' && Number.isFinite(expiresAt)
    ? Math.min(expiresAt * 1000, now + HOSTED_PAGE_TTL_MS)
    : now + HOSTED_PAGE_TTL_MS;
}

/** The record's checkout page while it can still be opened, else `null`. */
export function validHostedPage(
  record: Extract<FulfillmentRecord, { state: 'done' }>,
  now = Date.now(),
): HostedPage | null {
  const page = record.hostedPage;
  if (!page || record.hostedPageUntil === undefined || now >= record.hostedPageUntil) return null;
  return page;
}

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

/**
 * The record under `key` from the shared store, else this instance's own (see
 * {@link writeOwnRecord}), which also wins over any shared record but `done`. When the shared
 * store is unavailable and this instance holds nothing, the `StoreUnavailableError` goes through:
 * an accept must not create without the shared claim, and a status read can not tell whose the
 * fulfillment is.
 */
export async function readRecordOrLocal(
  ctx: Pick<HandlerContext, 'store' | 'storeFallback'>,
  key: string,
): Promise<FulfillmentRecord | null> {
  try {
    // In an outage, between probes: no call to wait out (an accept answers 503 at once).
    if (ctx.storeFallback.skipping) throw new StoreUnavailableError('get', 'error');
    const shared = await readRecord(ctx.store, key);
    ctx.storeFallback.noticeRecovery();
    const own = await readRecord(ctx.storeFallback.local, key);
    if (own?.state === 'done' && shared?.state !== 'done') {
      // This instance created it, and the shared store lost or never took the record (Redis
      // restarted empty; another instance then created again and stored Chargebee's refusal):
      // the own record wins, and goes back to the store so that the other instances learn it.
      await writeRecord(ctx.store, key, own, RECORD_TTL_MS).catch((error: unknown) => {
        if (!isStoreUnavailable(error)) throw error;
        ctx.storeFallback.noticeOutage('fulfillment record', error);
      });
      return own;
    }
    return shared ?? own;
  } catch (error) {
    if (!isStoreUnavailable(error)) throw error;
    const local = await readRecord(ctx.storeFallback.local, key);
    if (local === null) throw error;
    ctx.storeFallback.noticeOutage('fulfillment record', error);
    return local;
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

/**
 * Records a fulfillment this instance created (or a fulfiller's grant of it): in this instance's
 * memory first, always, and in the shared store. The own copy outlives a store that loses the
 * record (Redis restarted empty) and wins over a refusal another instance learns afterwards (see
 * {@link readRecordOrLocal}), so that the accept's retries here keep getting the fulfillment and
 * its checkout page. Resolves with the shared store's error, `undefined` when it took the record.
 */
export async function writeOwnRecord(
  ctx: Pick<HandlerContext, 'store' | 'storeFallback'>,
  key: string,
  record: Extract<FulfillmentRecord, { state: 'done' }>,
): Promise<unknown> {
  await writeRecord(ctx.storeFallback.local, key, record, RECORD_TTL_MS);
  try {
    await writeRecord(ctx.store, key, record, RECORD_TTL_MS);
    return undefined;
  } catch (error) {
    return error;
  }
}

/** Claims the create of `key` (a `pending` record) unless a record exists; `true` when won. */
export function claimRecord(
  store: UpsellStore,
  key: string,
  ttlMs: number,
  claim?: string,
): Promise<boolean> {
  return store.setIfAbsent(
    key,
    JSON.stringify({ state: 'pending', ...(claim ? { claim } : {}) } satisfies FulfillmentRecord),
    ttlMs,
  );
}
