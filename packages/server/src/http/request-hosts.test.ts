import { describe, expect, it } from 'vitest';
import { checkTrustProxy, requestHosts } from './request-hosts';

const request = (headers: Record<string, string>) =>
  new Request('http://localhost:3000/api/upsell/offers', { headers });

describe('requestHosts', () => {
  it('ignores X-Forwarded-Host unless a proxy is trusted', () => {
    const forged = request({ host: 'localhost:3000', 'x-forwarded-host': 'victim.example.com' });
    expect(requestHosts(forged, false)).not.toContain('victim.example.com');
    expect(requestHosts(forged, 0)).not.toContain('victim.example.com');
    expect(requestHosts(forged, false)).toEqual(['localhost:3000', 'localhost:3000']);
  });

  it('takes the first value with trustProxy: true, the n-th from the right with a number', () => {
    const chain = request({ 'x-forwarded-host': 'forged.example, app.example.com, edge.internal' });
    expect(requestHosts(chain, true)[0]).toBe('forged.example');
    expect(requestHosts(chain, 1)[0]).toBe('edge.internal');
    expect(requestHosts(chain, 2)[0]).toBe('app.example.com');
    // More hops trusted than values: the client-most value.
    expect(requestHosts(chain, 9)[0]).toBe('forged.example');
  });

  it('checks the option', () => {
    expect(checkTrustProxy(undefined)).toBe(false);
    expect(checkTrustProxy(2)).toBe(2);
    expect(() => checkTrustProxy(-1)).toThrow(TypeError);
    expect(() => checkTrustProxy('loopback')).toThrow(/trustProxy/);
  });
});
