import DOMPurify from 'dompurify';
import type { Config, DOMPurify as Purifier } from 'dompurify';

/**
 * Chargebee's formatting and nothing else: no forms, frames, media, SVG or MathML. DOMPurify's
 * other defaults stay: unknown protocols refused, strings returned (React's
 * dangerouslySetInnerHTML takes a string, not TrustedHTML).
 */
const CONFIG: Config = {
  ALLOWED_TAGS: ['div', 'p', 'span', 'br', 'b', 'strong', 'i', 'em', 'u', 'ul', 'ol', 'li', 'a'],
  ALLOWED_ATTR: ['class', 'href'],
  // http:, https:, mailto: and relative URLs only (DOMPurify strips whitespace before testing).
  ALLOWED_URI_REGEXP: /^(?:(?:https?|mailto):|[^a-z]|[a-z+.-]+(?:[^a-z+.\-:]|$))/i,
  // Allowed by default beside ALLOWED_ATTR: data-* and aria-* attributes.
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: false,
  // A form's leftovers read as stray words ("Card number Expiry"): their text goes with them.
  ADD_FORBID_CONTENTS: ['label', 'legend', 'select', 'option', 'datalist', 'textarea'],
};

/** Options of {@link sanitizeOfferHtml}. */
export interface SanitizeOptions {
  /**
   * Appended (visually hidden, class `upsell-sr-only`) to every link, which opens in a new tab,
   * so that screen readers say so; none when empty.
   * @default ''
   * @example sanitizeOfferHtml(html, { newTabLabel: '(opens in a new tab)' })
   */
  newTabLabel?: string;
}

const MAX_ENTRIES = 100;

/**
 * The second pass, on markup DOMPurify already cleaned and only when it has links: a link whose
 * unsafe `href` was removed is no link (a dead `<a>` reads as one and does nothing) and becomes its
 * text; every link left says it opens a new tab. Parsed in an inert `<template>` (nothing loads or
 * runs), and text goes in as text (`textContent`), never as markup.
 */
function finishLinks(clean: string, newTabLabel: string): string {
  const template = document.createElement('template');
  template.innerHTML = clean;
  for (const link of template.content.querySelectorAll('a')) {
    if (!link.hasAttribute('href')) {
      link.replaceWith(...link.childNodes);
    } else if (newTabLabel) {
      const note = document.createElement('span');
      note.className = 'upsell-sr-only';
      note.textContent = ` ${newTabLabel}`;
      link.append(note);
    }
  }
  return template.innerHTML;
}

const cache = new Map<string, string>();
let purifier: Purifier | undefined;

/**
 * A DOMPurify instance of our own, created on first use (never at import time), so that its hook
 * does not change the global DOMPurify other code in the page relies on.
 */
function getPurifier(): Purifier | undefined {
  if (purifier) return purifier;
  if (typeof window === 'undefined') return undefined;
  const instance = DOMPurify(window);
  if (!instance.isSupported) return undefined;
  instance.addHook('afterSanitizeAttributes', (node) => {
    if (node.nodeName === 'A') {
      // Offer links open outside the app and must not get a handle on it (reverse tabnabbing).
      node.setAttribute('target', '_blank');
      node.setAttribute('rel', 'noopener noreferrer');
    }
  });
  return (purifier = instance);
}

/**
 * Sanitizes offer HTML from Chargebee with the kit's one DOMPurify policy: keeps `div`, `p`,
 * `span`, `br`, `b`, `strong`, `i`, `em`, `u`, `ul`, `ol`, `li`, `a[href]` and `class`; drops
 * everything else (scripts, event handlers, `style`, forms, frames, objects, SVG, MathML, `<base>`,
 * `<meta>`, `javascript:` / `data:` URLs), with the text of form labels, legends and options. Links
 * get `target="_blank"` and `rel="noopener noreferrer"` (plus `newTabLabel` for screen readers); a
 * link whose URL was refused becomes plain text. Results are memoized per input (the last 100).
 *
 * Without a DOM (server rendering, React Server Components) it returns `''`: offer HTML is only
 * ever rendered in the browser, and returning the input unsanitized is never an option.
 *
 * @example
 * <div dangerouslySetInnerHTML={{ __html: sanitizeOfferHtml(offer.content.title) }} />
 */
export function sanitizeOfferHtml(html: string, options: SanitizeOptions = {}): string {
  if (typeof html !== 'string' || !html) return '';
  const newTabLabel = options.newTabLabel ?? '';
  const key = newTabLabel ? `${newTabLabel}\u0000${html}` : html;
  let clean = cache.get(key);
  if (clean === undefined) {
    const instance = getPurifier();
    if (!instance) return '';
    clean = instance.sanitize(html, CONFIG);
    if (clean.includes('<a')) clean = finishLinks(clean, newTabLabel);
    if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value as string);
  }
  // (Re)inserted last: the Map's insertion order is the least-recently-used order.
  cache.delete(key);
  cache.set(key, clean);
  return clean;
}
