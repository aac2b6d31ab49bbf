'use client';
import { useEffect, useRef } from 'react';
import type { OfferStatus } from '@upsell-kit/core';

/**
 * Keeps keyboard focus on the prompt after a click on an option. The clicked option is disabled
 * while it is accepted, and the browser then drops focus to the body (at its next rendering
 * update, hence the two frames): keyboard users would restart from the top of the page. Focus
 * goes to the root instead, unless the user moved it elsewhere. Returns `arm`, for the click.
 */
export function useKeepFocus(root: HTMLElement | null, status: OfferStatus): () => void {
  const refocus = useRef(false);
  useEffect(() => {
    if (!refocus.current || !root) return;
    const check = () => {
      const focused = document.activeElement;
      if (!focused || focused === document.body) root.focus();
      else if (root.contains(focused)) return;
      refocus.current = false;
    };
    let frame = requestAnimationFrame(() => (frame = requestAnimationFrame(check)));
    return () => cancelAnimationFrame(frame);
  }, [status, root]);
  return () => {
    refocus.current = true;
  };
}
