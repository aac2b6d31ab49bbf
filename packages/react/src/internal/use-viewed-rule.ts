'use client';
import { useEffect } from 'react';
import type { OfferStatus } from '@upsell-kit/core';

/**
 * Calls `markViewed` once the prompt counts as viewed: shown while the tab is visible; an inline
 * prompt once half of it (or half of the viewport, for a prompt taller than that) is in view.
 */
export function useViewedRule(
  root: HTMLElement | null,
  status: OfferStatus,
  viewed: boolean,
  placement: 'banner' | 'modal' | 'inline',
  markViewed: () => void,
): void {
  useEffect(() => {
    if (status !== 'ready' || viewed || !root) return;
    let inView = placement !== 'inline' || typeof IntersectionObserver === 'undefined';
    const check = () => {
      if (inView && document.visibilityState === 'visible') markViewed();
    };
    const observer =
      !inView &&
      new IntersectionObserver(
        (entries) => {
          const entry = entries[entries.length - 1] as IntersectionObserverEntry;
          inView =
            entry.isIntersecting &&
            (entry.intersectionRatio >= 0.5 ||
              entry.intersectionRect.height >= (entry.rootBounds?.height ?? innerHeight) / 2);
          check();
        },
        { threshold: [0, 0.25, 0.5, 0.75, 1] },
      );
    if (observer) observer.observe(root);
    document.addEventListener('visibilitychange', check);
    check();
    return () => {
      if (observer) observer.disconnect();
      document.removeEventListener('visibilitychange', check);
    };
  }, [status, viewed, root, placement, markViewed]);
}
