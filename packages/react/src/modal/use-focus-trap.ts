'use client';
import { useEffect } from 'react';
import { useLatest } from '../internal/use-latest';

// A string literal (not an array joined at import time) so that bundlers drop it with the modal.
const CANDIDATES =
  'a[href],button,input:not([type="hidden"]),select,textarea,[tabindex],[contenteditable]';

/** What Tab can reach, in DOM order: enabled, not tabindex="-1", not inside an inert subtree. */
function tabbables(container: HTMLElement): HTMLElement[] {
  return [...container.querySelectorAll<HTMLElement>(CANDIDATES)].filter(
    (el) => !(el as HTMLButtonElement).disabled && el.tabIndex >= 0 && !el.closest('[inert]'),
  );
}

/**
 * Modal focus management in a few lines (Ariakit `dialog.tsx` / Radix `FocusScope` in spirit):
 * moves focus in on activation, keeps Tab and Shift+Tab inside, calls `onEscape` on Escape, and
 * returns focus to the element that had it before (the opener) on deactivation.
 */
export function useFocusTrap(container: HTMLElement | null, onEscape: () => void): void {
  const onEscapeRef = useLatest(onEscape);
  useEffect(() => {
    if (!container) return;
    // The opener: whatever had focus when the dialog appeared (a button, or the body).
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    // Focus the first control so keyboard users can act at once; the container (tabindex=-1)
    // when there is none, so screen readers still start reading at the dialog.
    (tabbables(container)[0] ?? container).focus();

    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        // Escape closes the topmost dialog only: a nested widget may have handled it already.
        if (event.defaultPrevented) return;
        event.preventDefault();
        onEscapeRef.current();
        return;
      }
      if (event.key !== 'Tab') return;
      const items = tabbables(container);
      const first = items[0];
      const last = items[items.length - 1];
      const focused = document.activeElement;
      // Tab from the last control (Shift+Tab from the first) wraps around; from outside the
      // dialog, Tab enters it at the start (Shift+Tab at the end).
      const wrapTo = event.shiftKey ? last : first;
      if (!wrapTo) {
        // Nothing to tab to: keep focus on the dialog rather than let it escape behind it.
        event.preventDefault();
        container.focus();
      } else if (focused === (event.shiftKey ? first : last) || !container.contains(focused)) {
        event.preventDefault();
        wrapTo.focus();
      }
    };
    // Focus that lands outside (a click behind the overlay, a button disabled under the cursor
    // that drops focus to the body) is pulled back: aria-modal promises nothing else is reachable.
    const onFocusIn = (event: FocusEvent) => {
      if (event.target instanceof Node && !container.contains(event.target)) {
        (tabbables(container)[0] ?? container).focus();
      }
    };
    document.addEventListener('keydown', onKeyDown);
    document.addEventListener('focusin', onFocusIn);
    return () => {
      document.removeEventListener('keydown', onKeyDown);
      document.removeEventListener('focusin', onFocusIn);
      // Back to the opener, if it is still on the page (it may have been removed meanwhile).
      if (opener?.isConnected) opener.focus();
    };
  }, [container, onEscapeRef]);
}
