import { describe, expect, it } from 'vitest';
import { createUpstreamUrlCheck } from './create-upstream-url-check';

describe('createUpstreamUrlCheck', () => {
  const production = createUpstreamUrlCheck(undefined);
  const simulator = createUpstreamUrlCheck('http://127.0.0.1:4010');

  it('passes https: pages of any host (Chargebee or a custom checkout domain)', () => {
    expect(production('https://acme-test.chargebee.com/pages/v3/abc/')).toBe(true);
    expect(production('https://billing.acme.example/pages/v3/abc/')).toBe(true);
  });

  it.each([
    'javascript:alert(document.domain)',
    'JAVASCRIPT:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'http://acme-test.chargebee.com/pages/v3/abc/',
    'http://127.0.0.1:4010/hosted_pages/1',
    'https://user:pass@acme-test.chargebee.com/',
    '//evil.example/x',
    '/relative',
    'not a url',
  ])('refuses %j against a production site', (url) => {
    expect(production(url)).toBe(false);
  });

  it('lets a loopback base URL use loopback http: pages, and nothing else over http:', () => {
    expect(simulator('http://127.0.0.1:4010/hosted_pages/1')).toBe(true);
    expect(simulator('http://localhost:4010/hosted_pages/1')).toBe(true);
    expect(simulator('http://[::1]:4010/hosted_pages/1')).toBe(true);
    expect(simulator('http://evil.example/hosted_pages/1')).toBe(false);
    expect(simulator('javascript:alert(1)')).toBe(false);
    expect(createUpstreamUrlCheck('http://sim.internal:4010')('http://127.0.0.1:1/x')).toBe(false);
  });
});
