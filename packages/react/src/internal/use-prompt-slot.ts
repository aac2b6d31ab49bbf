'use client';
import type { PromptArbiter, PromptClaim } from '@upsell-kit/core';
import { useId, useSyncExternalStore } from 'react';
import { useIsomorphicLayoutEffect } from './use-isomorphic-layout-effect';

const noSubscribe = () => () => {};

/**
 * The prompt's turn on screen under the provider's arbiter (`arbiter` prop): `true` when it may
 * render. Without an arbiter every prompt may (nothing else of arbitration is in the bundle).
 *
 * The slot is asked for in a layout effect while the prompt would render (`wants`) and given back
 * in its cleanup: on close, when the offer goes, on unmount, and when a Suspense boundary hides
 * the prompt again (React runs layout cleanups of hidden content), so no hidden prompt holds one.
 * A waiting prompt renders nothing: it sends no `viewed` and takes no focus.
 */
export function usePromptSlot(
  arbiter: PromptArbiter | undefined,
  wants: boolean,
  { priority, interrupting, placementId }: PromptClaim,
): [granted: boolean, key: string] {
  const key = useId();
  const slot = useSyncExternalStore(
    arbiter ? arbiter.subscribe : noSubscribe,
    () => arbiter?.slotOf(key),
    () => undefined,
  );
  useIsomorphicLayoutEffect(() => {
    if (!arbiter || !wants) return;
    arbiter.request(key, { priority, interrupting, placementId });
    return () => arbiter.release(key);
  }, [arbiter, wants, key, priority, interrupting, placementId]);
  return [!arbiter || slot === 'showing', key];
}
