/**
 * Shared by the jsdom and the Chromium XSS suites: put sanitized HTML into the live DOM, provoke
 * it, and report anything that ran or any node / attribute outside the policy.
 */
import corpus from './xss-corpus.json';

export { corpus };

const HTML_NS = 'http://www.w3.org/1999/xhtml';
const ALLOWED_TAGS = new Set([
  'div',
  'p',
  'span',
  'br',
  'b',
  'strong',
  'i',
  'em',
  'u',
  'ul',
  'ol',
  'li',
  'a',
]);
const ALLOWED_ATTRS = new Set(['class', 'href', 'target', 'rel']);
const DANGEROUS_TAGS =
  'script, iframe, frame, frameset, object, embed, applet, form, input, button, select, textarea, ' +
  'style, link, meta, base, template, svg, math, img, video, audio, source, noscript, portal';
const URL_ATTRS = ['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'srcdoc'];
// What browsers ignore inside a URL's scheme (DOMPurify's ATTR_WHITESPACE).
// eslint-disable-next-line no-control-regex
const URL_NOISE = /[\u0000-\u0020\u00A0\u1680\u180E\u2000-\u2029\u205F\u3000]/g;
const EXECUTABLE_URL = /^(?:javascript|data|vbscript):/i;

/** The global flag our own canary vectors set when they run. */
const FLAG = '__upsellXssFired';

/** Vectors that set {@link FLAG} if they run: one per way HTML can execute script. */
export const canaries = [
  `<img src=x onerror="window.${FLAG}=true">`,
  `<svg onload="window.${FLAG}=true"></svg>`,
  `<svg><animate onbegin="window.${FLAG}=true" attributeName=x dur=1s>`,
  `<body onload="window.${FLAG}=true">`,
  `<script>window.${FLAG}=true</script>`,
  `<iframe srcdoc="<script>parent.${FLAG}=true</script>"></iframe>`,
  `<iframe src="javascript:parent.${FLAG}=true"></iframe>`,
  `<object data="javascript:window.${FLAG}=true"></object>`,
  `<embed src="data:text/html,<script>parent.${FLAG}=true</script>">`,
  `<details open ontoggle="window.${FLAG}=true">x</details>`,
  `<input autofocus onfocus="window.${FLAG}=true">`,
  `<video><source onerror="window.${FLAG}=true"></video>`,
  `<style>@keyframes x{}</style><div style="animation-name:x" onanimationstart="window.${FLAG}=true"></div>`,
  `<div onmouseover="window.${FLAG}=true">hover</div>`,
  `<math><mtext><table><mglyph><style><img src=x onerror="window.${FLAG}=true">`,
  `<form><math><mtext></form><form><mglyph><style></math><img src onerror="window.${FLAG}=true">`,
  `<noscript><p title="</noscript><img src=x onerror=window.${FLAG}=true>">`,
  `<a href="javascript:window.${FLAG}=true">click</a>`,
  `<a href="&#x6A;avascript:window.${FLAG}=true">entity</a>`,
  `<a href=" java\tscript:window.${FLAG}=true">tab</a>`,
];

type Instrumented = Window &
  typeof globalThis & {
    [FLAG]?: boolean;
  };

/** Replaces alert / confirm / prompt / print with recorders; `restore()` puts them back. */
export function instrument() {
  // Vitest's jsdom globals are copies on Node's global; inline handlers run in jsdom's own window,
  // which Vitest exposes as `jsdom.window`. In a real browser it is simply `window`.
  const jsdom = (globalThis as { jsdom?: { window: unknown } }).jsdom;
  const target = (jsdom ? jsdom.window : window) as Instrumented;
  const calls: string[] = [];
  const names = ['alert', 'confirm', 'prompt', 'print'] as const;
  const originals = names.map((name) => [name, target[name]] as const);
  for (const name of names) {
    target[name] = ((...args: unknown[]) => {
      calls.push(`${name}(${args.map(String).join(', ')})`);
      return null;
    }) as never;
  }
  target[FLAG] = false;
  return {
    /** Every dialog call, plus the flag if a canary ran. */
    fired: () => (target[FLAG] ? [...calls, `window.${FLAG} set`] : [...calls]),
    restore() {
      for (const [name, original] of originals) target[name] = original as never;
      delete target[FLAG];
    },
  };
}

/** Fires the events inline handlers listen for on every element below `root`. */
export function provoke(root: Element) {
  for (const element of root.querySelectorAll('*')) {
    for (const type of ['mouseover', 'mouseenter', 'pointerover', 'focus', 'focusin']) {
      element.dispatchEvent(new Event(type, { bubbles: type !== 'mouseenter' }));
    }
    if (element instanceof HTMLElement && element.tabIndex >= 0) element.focus();
  }
}

/** Lets load / error / animation events and timers of the inserted markup run. */
export const settle = () => new Promise((resolve) => setTimeout(resolve, 100));

/** Every node or attribute under `root` that the policy should have removed. */
export function findDangerous(root: Element): string[] {
  const problems: string[] = [];
  for (const element of root.querySelectorAll(DANGEROUS_TAGS)) {
    problems.push(`<${element.localName}> survived`);
  }
  for (const element of root.querySelectorAll('*')) {
    const tag = element.localName;
    if (element.namespaceURI !== HTML_NS) problems.push(`<${tag}> in ${element.namespaceURI}`);
    if (!ALLOWED_TAGS.has(tag)) problems.push(`<${tag}> is not allowed`);
    for (const { name, value } of element.attributes) {
      const attr = name.toLowerCase();
      if (attr.startsWith('on')) problems.push(`<${tag} ${attr}> event handler survived`);
      if (attr === 'style') problems.push(`<${tag} style> survived`);
      // DOMPurify neutralizes `is` to "" instead of removing it: serializers re-emit a removed one.
      const neutralIs = attr === 'is' && value === '';
      if (!ALLOWED_ATTRS.has(attr) && !neutralIs) problems.push(`<${tag} ${attr}> is not allowed`);
      if (URL_ATTRS.includes(attr) || attr.endsWith(':href')) {
        if (EXECUTABLE_URL.test(value.replace(URL_NOISE, ''))) {
          problems.push(`<${tag} ${attr}="${value}"> executable URL`);
        }
      }
    }
    if (element instanceof HTMLAnchorElement) {
      // The URL as the browser resolves it; ':' is an unparseable URL, which navigates nowhere.
      if (
        element.hasAttribute('href') &&
        !['http:', 'https:', 'mailto:', ':'].includes(element.protocol)
      ) {
        problems.push(`<a href="${element.getAttribute('href')}"> resolves to ${element.protocol}`);
      }
      if (element.rel !== 'noopener noreferrer') problems.push(`<a rel="${element.rel}">`);
      if (element.target !== '_blank') problems.push(`<a target="${element.target}">`);
    }
  }
  return problems;
}

/** Sanitizes every vector into its own element of one container attached to the document. */
export function mountAll(vectors: readonly string[], sanitize: (html: string) => string) {
  const container = document.createElement('div');
  document.body.append(container);
  const items = vectors.map((vector) => {
    const element = document.createElement('div');
    // How React's dangerouslySetInnerHTML puts the markup in: innerHTML, parsed once more.
    element.innerHTML = sanitize(vector);
    container.append(element);
    return { vector, element };
  });
  return { container, items };
}
