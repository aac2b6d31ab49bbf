'use client';
import { useEffect } from 'react';

/** How many modals hold the scroll lock, and the page's own styles to restore after the last. */
let locks = 0;
let restore: (() => void) | undefined;

/**
 * Locks the page's scroll (no scrolling behind the overlay), keeping the layout where it was: the
 * scrollbar's width becomes padding (unless the page reserves it with `scrollbar-gutter: stable`)
 * and is published as `--upsell-scrollbar-gap` for the app's fixed elements. Counted, so that
 * nested modals unlock once, after the last.
 */
function lockScroll(): () => void {
  if (locks++ === 0) {
    const html = document.documentElement;
    const { body } = document;
    const { overflow, paddingRight } = html.style;
    const bodyOverflow = body.style.overflow;
    const gap = window.innerWidth - html.clientWidth;
    const reserved = getComputedStyle(html).scrollbarGutter?.includes('stable');
    html.style.setProperty('--upsell-scrollbar-gap', `${gap}px`);
    if (gap > 0 && !reserved) {
      html.style.paddingRight = `calc(${getComputedStyle(html).paddingRight} + ${gap}px)`;
    }
    // Both: the body scrolls itself when the page gives it an overflow of its own.
    html.style.overflow = 'hidden';
    body.style.overflow = 'hidden';
    restore = () => {
      html.style.overflow = overflow;
      body.style.overflow = bodyOverflow;
      html.style.paddingRight = paddingRight;
      html.style.removeProperty('--upsell-scrollbar-gap');
    };
  }
  return () => {
    if (--locks === 0) restore?.();
  };
}

/**
 * Makes everything outside `layer` inert (not focusable, not clickable, hidden from assistive
 * technology): the siblings of `layer` and of each of its ancestors up to the body, as the
 * `aria-hidden` package's `inertOthers` does. Elements already inert stay so; later additions (a
 * checkout drawer the app opens above the dialog) stay usable.
 */
function inertOthers(layer: HTMLElement): () => void {
  const changed: Element[] = [];
  for (let node: Element = layer; node.parentElement && node !== document.body;) {
    const parent: Element = node.parentElement;
    for (const sibling of parent.children) {
      if (sibling === node || sibling.hasAttribute('inert')) continue;
      if (/^(SCRIPT|STYLE|LINK|TEMPLATE)$/.test(sibling.tagName)) continue;
      sibling.setAttribute('inert', '');
      changed.push(sibling);
    }
    node = parent;
  }
  return () => {
    for (const element of changed) element.removeAttribute('inert');
  };
}

/**
 * The page behind an open modal, as WAI-ARIA's dialog pattern and Radix Dialog have it: inert (the
 * `inert` attribute, supported by every current browser, rather than `aria-hidden` on everything:
 * it also blocks focus and pointer input) and not scrollable. Neither `react-remove-scroll` (a
 * dozen kB with its sidecar, for touch-move handling `overflow: hidden` now covers) nor
 * `aria-hidden` (a dependency for a 20-line walk) earns its place in the bundle.
 */
export function useModalBackground(layer: HTMLElement | null): void {
  useEffect(() => {
    if (!layer) return;
    const unlock = lockScroll();
    const uninert = inertOthers(layer);
    return () => {
      uninert();
      unlock();
    };
  }, [layer]);
}
