import { afterEach, describe, expect, it } from 'vitest';
import { isSafeUrl } from './is-safe-url';

// In Chromium: the browser's own URL parser decides what a navigation would do, tricks included.

afterEach(() => {
  document.body.replaceChildren();
});

const own = () => window.location.origin;

describe('isSafeUrl in Chromium', () => {
  it('lets https: anywhere and the page’s own origin through', () => {
    expect(isSafeUrl('https://acme.chargebee.com/pages/v3/abc/')).toBe(true);
    expect(isSafeUrl('https://checkout.example.com/x?y=1#z')).toBe(true);
    expect(isSafeUrl(`${own()}/billing/return`)).toBe(true);
    expect(isSafeUrl('/billing/return')).toBe(true);
  });

  it.each([
    'javascript:alert(document.domain)',
    'JavaScript:alert(1)',
    ' javascript:alert(1)',
    'java\tscript:alert(1)',
    'java\nscript:alert(1)',
    '\u0000javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'blob:https://evil.example/1234',
    'vbscript:msgbox(1)',
    'http://evil.example/pay',
    'http://127.0.0.1:1/pay',
    'https://acme.chargebee.com@evil.example/',
    'https://user:pass@acme.chargebee.com/',
    'ftp://evil.example/',
    '',
  ])('refuses %j', (url) => {
    expect(isSafeUrl(url)).toBe(false);
  });

  it('refuses what is not a string', () => {
    expect(isSafeUrl(undefined)).toBe(false);
    expect(isSafeUrl(null)).toBe(false);
    expect(isSafeUrl({ toString: () => 'https://ok.example/' })).toBe(false);
  });

  it('agrees with what the browser would really run: no refused URL reaches javascript:', () => {
    // The same strings through the browser's own anchor parsing: every one that resolves to a
    // script scheme is refused, and every one the helper passes is http(s).
    const candidates = [
      'javascript:alert(1)',
      '  JAVASCRIPT:alert(1)',
      'jav&#x09;ascript:alert(1)',
      'java\r\nscript:alert(1)',
      'https://ok.example/',
      '/same-origin',
    ];
    for (const candidate of candidates) {
      const anchor = document.createElement('a');
      anchor.href = candidate;
      document.body.append(anchor);
      if (isSafeUrl(candidate)) expect(['https:', 'http:']).toContain(anchor.protocol);
      if (anchor.protocol === 'javascript:') expect(isSafeUrl(candidate)).toBe(false);
    }
  });

  it('compares with the given page instead of location when asked', () => {
    expect(isSafeUrl('http://127.0.0.1:4010/pages/1', 'http://127.0.0.1:4010/app')).toBe(true);
    expect(isSafeUrl('http://127.0.0.1:4010/pages/1', 'https://app.example.com/')).toBe(false);
  });
});
