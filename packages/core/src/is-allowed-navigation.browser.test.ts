import { afterEach, describe, expect, it, vi } from 'vitest';
import { allowedCheckouts, hostEntries, refusedCheckouts } from './__fixtures__/navigation-cases';
import { isAllowedNavigation } from './is-allowed-navigation';

// In Chromium: the same cases as is-allowed-navigation.test.ts (Node), through the browser's own
// URL parser, and checked against where an anchor with that href would really go.

afterEach(() => {
  vi.restoreAllMocks();
  document.body.replaceChildren();
});

const pageUrl = 'https://app.example.com/dashboard';

/** Where the browser itself would go for `url` on `pageUrl`: an anchor in a document at pageUrl. */
function destination(url: string): { protocol: string; host: string; username: string } {
  const doc = document.implementation.createHTMLDocument('');
  const base = doc.createElement('base');
  base.href = pageUrl;
  doc.head.append(base);
  const anchor = doc.createElement('a');
  anchor.href = url;
  doc.body.append(anchor);
  return { protocol: anchor.protocol, host: anchor.host, username: anchor.username };
}

describe('isAllowedNavigation in Chromium', () => {
  it.each(allowedCheckouts)(
    'allows the checkout page %j, which goes to Chargebee or this origin',
    (url) => {
      expect(isAllowedNavigation(url, 'checkout', { pageUrl })).toBe(true);
      const { protocol, host, username } = destination(url);
      expect(protocol).toBe('https:');
      expect(username).toBe('');
      expect(host === 'app.example.com' || host.endsWith('.chargebee.com')).toBe(true);
    },
  );

  it.each(refusedCheckouts)('refuses the checkout page %j', (url) => {
    expect(isAllowedNavigation(url, 'checkout', { pageUrl })).toBe(false);
  });

  it('every refused https: page would have gone elsewhere: another host or port, or with credentials', () => {
    // The empty string is refused as no URL at all (an anchor would stay on the page).
    for (const url of refusedCheckouts.filter(Boolean)) {
      const { protocol, host, username } = destination(url);
      if (protocol !== 'https:' || username) continue;
      const chargebeeOrOwn = host === 'app.example.com' || /^[^:]+\.chargebee\.com$/.test(host);
      expect({ url, host, chargebeeOrOwn }).toEqual({ url, host, chargebeeOrOwn: false });
    }
  });

  it.each(hostEntries)('allowedRedirectHosts %j: %j → %s', (entry, url, allowed) => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const rules = { pageUrl, allowedRedirectHosts: [entry] };
    expect(isAllowedNavigation(url, 'redirect', rules)).toBe(allowed);
    expect(isAllowedNavigation(url, 'checkout', rules)).toBe(allowed);
  });
});
