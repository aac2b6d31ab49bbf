'use client';
import { useEffect } from 'react';
import type { RefObject } from 'react';
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
 * Where focus goes when the dialog opens: the dialog itself, its dismiss button, or an element of
 * the app's. Never the first option by default: an Enter meant for the page would accept it.
 */
export type InitialFocus = 'dialog' | 'dismiss' | RefObject<HTMLElement | null>;

/**
 * Modal focus management in a few lines (Ariakit `dialog.tsx` / Radix `FocusScope` in spirit):
 * moves focus in on activation (`initialFocus`), keeps Tab and Shift+Tab inside, calls `onEscape`
 * on Escape, and returns focus to the element that had it before (the opener) on deactivation.
 */
export function useFocusTrap(
  container: HTMLElement | null,
  onEscape: () => void,
  initialFocus: InitialFocus = 'dialog',
): void {
  const latest = useLatest({ onEscape, initialFocus });
  useEffect(() => {
    if (!container) return;
    // The opener: whatever had focus when the dialog appeared (a button, or the body).
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const initial = latest.current.initialFocus;
    // The dialog (tabindex=-1) by default, so screen readers start reading at its name and an
    // Enter typed a moment ago accepts nothing; the dismiss button (`data-upsell-dismiss`, the
    // kit's parts) or the app's element when asked, if it is inside.
    const target =
      initial === 'dialog'
        ? null
        : initial === 'dismiss'
          ? container.querySelector<HTMLElement>('[data-upsell-dismiss]')
          : initial.current;
    (target && container.contains(target) ? target : container).focus();

    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        // Escape closes the topmost dialog only: a nested widget may have handled it already.
        if (event.defaultPrevented) return;
        event.preventDefault();
        latest.current.onEscape();
        return;
      }
      const focused = document.activeElement;
      // Focus in a layer opened later above the dialog (a checkout drawer, a toast: not inert)
      // is that layer's business.
      if (event.key !== 'Tab' || (focused !== document.body && !container.contains(focused))) {
        return;
      }
      const items = tabbables(container);
      const first = items[0];
      const last = items[items.length - 1];
      // Tab from the last control (Shift+Tab from the first) wraps around; from the body (focus
      // dropped there), Tab enters the dialog at the start (Shift+Tab at the end).
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
    document.addEventListener('keydown', onKeyDown);
    return () => {
      document.removeEventListener('keydown', onKeyDown);
      // Back to the opener, if it is still on the page (it may have been removed meanwhile), once
      // the page behind is no longer inert (the background's cleanup runs right after this one).
      queueMicrotask(() => {
        if (opener?.isConnected) opener.focus();
      });
    };
  }, [container, latest]);
}
