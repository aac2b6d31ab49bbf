/**
 * Navigation cases for `isAllowedNavigation`, run by is-allowed-navigation.test.ts (Node's URL
 * parser) and is-allowed-navigation.browser.test.ts (the browser's own): the same answers in both
 * is what makes the Node figures trustworthy. Page: `https://app.example.com/dashboard`.
 */

/** Checkout pages the kit opens with no `allowedRedirectHosts`. */
export const allowedCheckouts = [
  'https://acme.chargebee.com/pages/v3/abc/',
  'https://acme-test.chargebee.com/pages/v4/hp_1/?x=1#y',
  // Deeper names are Chargebee's too: it owns the zone.
  'https://acme.eu.chargebee.com/pages/v3/abc/',
  // Uppercase and the explicit default port: the same host.
  'https://ACME.ChargeBee.COM/pages/v3/abc/',
  'https://acme.chargebee.com:443/pages/v3/abc/',
  // A Unicode label under chargebee.com is still under chargebee.com (as punycode).
  'https://bücher.chargebee.com/pages/v3/abc/',
  // Full-width letters: the parser maps them to the ASCII host the browser would visit.
  'https://acme.ｃｈａｒｇｅｂｅｅ.com/pages/v3/abc/',
  // The page's own origin, absolute or relative (the simulator's pages behind the app).
  'https://app.example.com/hosted_pages/hp_1',
  '/hosted_pages/hp_1',
];

/** Checkout pages the kit refuses with no `allowedRedirectHosts`. */
export const refusedCheckouts = [
  'https://evil.example/phish',
  // Look-alikes: Chargebee's name inside a foreign host.
  'https://chargebee.com.evil.example/pages/v3/abc/',
  'https://acme.chargebee.com.evil.example/',
  'https://evilchargebee.com/',
  'https://acme.chargebee.co/',
  // Cyrillic "е" in "chargebeе": another domain (xn--…), refused.
  'https://acme.chargebeе.com/',
  // Encoded dots and at-signs decode into the host before the check, as the browser does.
  'https://acme.chargebee.com%2eevil.example/',
  'https://acme.chargebee.com%40evil.example/',
  // Userinfo: the host is evil.example; and credentials are never passed even to Chargebee.
  'https://chargebee.com@evil.example/',
  'https://acme.chargebee.com@evil.example/',
  'https://user:pass@acme.chargebee.com/',
  // The backslash is a slash to the parser: the host is evil.example.
  'https://evil.example\\@acme.chargebee.com/',
  // Protocol-relative: https: on a foreign host.
  '//evil.example/phish',
  // The apex serves no hosted pages; a trailing dot and another port are other origins.
  'https://chargebee.com/pages/v3/abc/',
  'https://acme.chargebee.com./pages/v3/abc/',
  'https://acme.chargebee.com:8443/pages/v3/abc/',
  // http: only on the page's own origin.
  'http://acme.chargebee.com/pages/v3/abc/',
  'http://app.example.com/hosted_pages/hp_1',
  // Script and data schemes, however they are written.
  'javascript:alert(1)',
  'JaVaScRiPt:alert(1)',
  ' javascript:alert(1)',
  'java\tscript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'blob:https://acme.chargebee.com/1234',
  '',
];

/** `[entry of allowedRedirectHosts, URL, allowed]`, for redirects and checkout pages alike. */
export const hostEntries: [entry: string, url: string, allowed: boolean][] = [
  // Exact hosts: case-insensitive, default port only, no subdomains, no look-alikes.
  ['billing.example.net', 'https://billing.example.net/x', true],
  ['billing.example.net', 'https://BILLING.Example.net/x', true],
  ['Billing.Example.NET', 'https://billing.example.net/x', true],
  ['billing.example.net', 'https://billing.example.net:443/x', true],
  ['billing.example.net', 'https://billing.example.net:8443/x', false],
  ['billing.example.net', 'https://eu.billing.example.net/x', false],
  ['billing.example.net', 'https://billing.example.net.evil.example/x', false],
  ['billing.example.net', 'https://billing.example.net./x', false],
  ['billing.example.net', 'https://billing.example.net@evil.example/x', false],
  ['billing.example.net', 'http://billing.example.net/x', false],
  // A port in the entry: that port only.
  ['billing.example.net:8443', 'https://billing.example.net:8443/x', true],
  ['billing.example.net:8443', 'https://billing.example.net/x', false],
  // Unicode entries and URLs compare as punycode, either way round.
  ['bücher.example', 'https://bücher.example/x', true],
  ['bücher.example', 'https://xn--bcher-kva.example/x', true],
  ['xn--bcher-kva.example', 'https://BÜCHER.example/x', true],
  ['bucher.example', 'https://bücher.example/x', false],
  // Wildcards: any subdomain, at any depth; not the apex, not a look-alike.
  ['*.example.net', 'https://billing.example.net/x', true],
  ['*.example.net', 'https://a.b.example.net/x', true],
  ['*.example.net', 'https://example.net/x', false],
  ['*.example.net', 'https://evilexample.net/x', false],
  ['*.example.net', 'https://billing.example.net.evil.example/x', false],
  ['*.example.net', 'https://billing.example.net:8443/x', false],
  ['*.example.net:8443', 'https://billing.example.net:8443/x', true],
  // Entries do not widen checkouts' rules for javascript: and friends.
  ['*.example.net', 'javascript://billing.example.net/%0Aalert(1)', false],
];
