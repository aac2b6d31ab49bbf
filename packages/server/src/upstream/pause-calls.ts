import type { UpsellStore } from '../stores/upsell-store';

/**
 * A fleet-wide pause of one kind of upstream call: a key in the shared store, so every instance
 * that shares it stops together and resumes when it expires. A store that fails to answer never
 * pauses anything (the call is made, as without the pause).
 */
const pauseKey = (kind: string) => `pause:${kind}`;

/** Whether calls of `kind` are paused right now. */
export async function isPaused(store: UpsellStore, kind: string): Promise<boolean> {
  try {
    return (await store.get(pauseKey(kind))) !== null;
  } catch {
    return false;
  }
}

/** Pauses calls of `kind` on every instance sharing `store`, for `ms`. */
export async function pauseCalls(store: UpsellStore, kind: string, ms: number): Promise<void> {
  try {
    await store.set(pauseKey(kind), String(Date.now() + ms), ms);
  } catch {
    // Without the store the pause is lost: the next call asks Chargebee again, which is safe.
  }
}
