import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/** One step of a locator: an ARIA role with an optional accessible name, or a text. */
export type LocatorStep =
  | { role: string; name?: string | { source: string; flags: string } }
  | { text: string | { source: string; flags: string } };

// Role queries and accessible names come from Testing Library's DOM build (dom-accessibility-api,
// the same computation the component tests use), injected into each page: one implementation
// for all three engines, instead of each driver's own (Playwright's `getByRole`, webdriverio's
// `aria/` selectors, puppeteer's `::-p-aria`), which differ.
const testingLibrary = readFileSync(
  createRequire(import.meta.url).resolve(
    '@testing-library/dom/dist/@testing-library/dom.umd.min.js',
  ),
  'utf8',
);

// Plain JavaScript (this runs in the page, in every engine, untransformed). `window.__e2e`:
// resolve a locator (an array of steps, each within the matches of the one before), read an
// element's state, mark it for the driver (a CSS selector), record an attribute's values.
const helpers = String.raw`
(() => {
  const dom = globalThis.TestingLibraryDom;
  const pattern = (name) =>
    name === undefined || typeof name === 'string' ? name : new RegExp(name.source, name.flags);
  const resolve = (steps) => {
    let scopes = [document.body];
    for (const step of steps) {
      const found = new Set();
      for (const scope of scopes) {
        const matches =
          'role' in step
            ? dom.queryAllByRole(scope, step.role, step.name === undefined ? {} : { name: pattern(step.name) })
            : dom.queryAllByText(scope, pattern(step.text));
        for (const match of matches) found.add(match);
      }
      scopes = [...found];
    }
    return scopes;
  };
  const one = (steps) => {
    const all = resolve(steps);
    if (all.length !== 1) throw new Error(JSON.stringify(steps) + ' matches ' + all.length + ' elements');
    return all[0];
  };
  let next = 0;
  const watched = new Map();
  globalThis.__e2e = {
    count: (steps) => resolve(steps).length,
    // null when the locator does not match exactly one element (yet).
    state: (steps) => {
      const all = resolve(steps);
      if (all.length !== 1) return null;
      const el = all[0];
      return {
        text: (el.textContent || '').replace(/\s+/g, ' ').trim(),
        focused: el === document.activeElement,
        enabled: !el.disabled && el.getAttribute('aria-disabled') !== 'true',
        attributes: Object.fromEntries([...el.attributes].map((a) => [a.name, a.value])),
      };
    },
    target: (steps) => {
      const el = one(steps);
      if (!el.dataset.e2eTarget) el.dataset.e2eTarget = String(++next);
      return '[data-e2e-target="' + el.dataset.e2eTarget + '"]';
    },
    focus: (steps) => one(steps).focus(),
    blur: (steps) => one(steps).blur(),
    // Every value the attribute takes from now on, even if the element goes away after.
    watch: (steps, name) => {
      const el = one(steps);
      const key = String(++next);
      const values = [el.getAttribute(name)];
      new MutationObserver(() => values.push(el.getAttribute(name))).observe(el, {
        attributes: true,
        attributeFilter: [name],
      });
      watched.set(key, values);
      return key;
    },
    watched: (key) => watched.get(key) || [],
  };
})();
`;

/**
 * The page-side script: Testing Library's DOM build, then `window.__e2e`. An expression, so
 * each driver can evaluate it as it is (statements run inside a function).
 */
export const inPageHelpers = `(function () {\n${testingLibrary}\n${helpers}\n}).call(globalThis)`;
