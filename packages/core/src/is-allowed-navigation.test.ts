import { afterEach, describe, expect, it, vi } from 'vitest';
import { isAllowedNavigation } from './is-allowed-navigation';
import type { NavigationRules } from './is-allowed-navigation';
import { allowedCheckouts, hostEntries, refusedCheckouts } from './__fixtures__/navigation-cases';

// Node's WHATWG URL parser is the one browsers implement (is-allowed-navigation.browser.test.ts
// runs the same cases, __fixtures__/navigation-cases.ts, in Chromium): hosts arrive lowercase,
// punycoded and without a default port, so the rules compare what a navigation would reach.

afterEach(() => vi.restoreAllMocks());

const page = 'https://app.example.com/dashboard';
const rules = (allowedRedirectHosts: string[] = []): NavigationRules => ({
  pageUrl: page,
  allowedRedirectHosts,
});

describe('isAllowedNavigation: checkout pages', () => {
  it.each(allowedCheckouts)('allows %j', (url) => {
    expect(isAllowedNavigation(url, 'checkout', rules())).toBe(true);
  });

  it.each(refusedCheckouts)('refuses %j', (url) => {
    expect(isAllowedNavigation(url, 'checkout', rules())).toBe(false);
  });

  it('refuses what is not a string', () => {
    expect(isAllowedNavigation(undefined, 'checkout', rules())).toBe(false);
    expect(isAllowedNavigation({ toString: () => '/x' }, 'checkout', rules())).toBe(false);
  });
});

describe('isAllowedNavigation: redirects', () => {
  it.each(['https://app.example.com/billing/annual', '/settings/storage', '?tab=billing'])(
    'allows the page’s own origin: %j',
    (url) => {
      expect(isAllowedNavigation(url, 'redirect', rules())).toBe(true);
    },
  );

  it('refuses Chargebee: a redirect goes where the merchant configured it', () => {
    expect(
      isAllowedNavigation('https://acme.chargebee.com/pages/v3/abc/', 'redirect', rules()),
    ).toBe(false);
  });

  it('refuses a foreign https: host until it is listed', () => {
    const url = 'https://billing.example.net/annual';
    expect(isAllowedNavigation(url, 'redirect', rules())).toBe(false);
    expect(isAllowedNavigation(url, 'redirect', rules(['billing.example.net']))).toBe(true);
  });
});

describe('isAllowedNavigation: allowedRedirectHosts', () => {
  it.each(hostEntries)('%j: %j → %s', (entry, url, allowed) => {
    expect(isAllowedNavigation(url, 'redirect', rules([entry]))).toBe(allowed);
    // A checkout page on a listed host (a custom domain for Chargebee's pages) follows the same rule.
    expect(isAllowedNavigation(url, 'checkout', rules([entry]))).toBe(allowed);
  });

  it.each([
    'https://billing.example.net',
    'billing.example.net/pay',
    'user@billing.example.net',
    'billing.example.net?x',
    '',
    ' ',
  ])('%j is not a host: it allows nothing, with a warning that says what to write', (entry) => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(isAllowedNavigation('https://billing.example.net/x', 'redirect', rules([entry]))).toBe(
      false,
    );
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('"billing.example.com"'));
  });

  it('"*" is no catch-all', () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(isAllowedNavigation('https://evil.example/phish', 'redirect', rules(['*']))).toBe(false);
    expect(isAllowedNavigation('https://evil.example/phish', 'redirect', rules(['*.']))).toBe(
      false,
    );
  });
});

describe('isAllowedNavigation: the page', () => {
  it('compares with the given page; without one (Node, no location) nothing is same-origin', () => {
    expect(
      isAllowedNavigation('http://127.0.0.1:4010/x', 'redirect', {
        pageUrl: 'http://127.0.0.1:4010/app',
      }),
    ).toBe(true);
    expect(isAllowedNavigation('http://127.0.0.1:4010/x', 'redirect', { pageUrl: page })).toBe(
      false,
    );
    expect(isAllowedNavigation('/x', 'redirect')).toBe(false);
    expect(isAllowedNavigation('https://acme.chargebee.com/pages/v3/abc/', 'checkout')).toBe(true);
  });
});
