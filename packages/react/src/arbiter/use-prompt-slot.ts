'use client';
import type { PromptArbiter, PromptClaim } from '@upsell-kit/core';
import { useId, useSyncExternalStore } from 'react';
import { useIsomorphicLayoutEffect } from '../internal/use-isomorphic-layout-effect';

/**
 * A prompt's turn on screen under `arbiter`: `true` when it may render. The slot is asked for in
 * a layout effect while the prompt would render (`wants`) and given back in its cleanup: on
 * close, when the offer goes, on unmount, and when a Suspense boundary hides the prompt again
 * (React runs layout cleanups of hidden content), so no hidden prompt holds one. A waiting prompt
 * renders nothing: it sends no `viewed` and takes no focus.
 */
export function usePromptSlot(
  arbiter: PromptArbiter,
  wants: boolean,
  { priority, interrupting, placementId }: PromptClaim,
): boolean {
  const key = useId();
  const slot = useSyncExternalStore(
    arbiter.subscribe,
    () => arbiter.slotOf(key),
    () => 'none',
  );
  useIsomorphicLayoutEffect(() => {
    if (!wants) return;
    arbiter.request(key, { priority, interrupting, placementId });
    return () => arbiter.release(key);
  }, [arbiter, wants, key, priority, interrupting, placementId]);
  return slot === 'showing';
}
