import type { Fulfillment } from '@upsell-kit/core';
import Chargebee from 'chargebee';
import { describe, expect, it, vi } from 'vitest';
import { safeAcceptResponse } from '../fulfillment/safe-accept-response';
import { createNavigationCheck, type NavigationCheckOptions } from './create-navigation-check';

const chargebee = new Chargebee({ site: 'acme-test', apiKey: 'test_key_navigation' });

function check(options: Partial<NavigationCheckOptions> = {}) {
  const logger = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
  const navigation = createNavigationCheck({
    chargebee,
    baseUrl: undefined,
    allowedRedirectHosts: undefined,
    trustProxy: false,
    logger,
    ...options,
  });
  return { navigation, logger };
}

const request = (headers: Record<string, string> = {}) =>
  new Request('https://app.example.com/api/upsell/offers', { headers });

describe('createNavigationCheck', () => {
  it('opens checkout pages of the site’s Chargebee hosts only, whatever the case', () => {
    const { navigation } = check();
    for (const url of [
      'https://acme-test.chargebee.com/pages/v3/hp_1/',
      'https://ACME-TEST.chargebee.com/pages/v3/hp_1/',
      'https://acme-test.grow.chargebee.com/pages/v3/hp_1/',
    ]) {
      expect(navigation.checkoutPage(url, {})).toBe(url);
    }
    for (const url of [
      'https://evil.example/pages/v3/hp_1/',
      'https://other.chargebee.com/pages/v3/hp_1/',
      'https://acme-test.chargebee.com.evil.example/pages/v3/hp_1/',
      'https://evil.example/acme-test.chargebee.com',
      'http://acme-test.chargebee.com/pages/v3/hp_1/',
      'https://user:pass@acme-test.chargebee.com/pages/v3/hp_1/',
    ]) {
      expect(navigation.checkoutPage(url, {})).toBeNull();
    }
  });

  it('takes the site from a ready SDK instance, with its host suffix', () => {
    const ready = new Chargebee({ site: 'acme', apiKey: 'k', hostSuffix: '.chargebee.eu' });
    const { navigation } = check({ chargebee: ready });
    expect(navigation.checkoutPage('https://acme.chargebee.eu/pages/v3/x/', {})).not.toBeNull();
    expect(navigation.checkoutPage('https://acme.chargebee.com/pages/v3/x/', {})).toBeNull();
  });

  it('opens the pages of baseUrl: its origin, and loopback ones over http: when it is loopback', () => {
    const https = check({ baseUrl: 'https://sim.internal:8443' }).navigation;
    expect(https.checkoutPage('https://sim.internal:8443/hosted_pages/1', {})).not.toBeNull();
    expect(https.checkoutPage('http://127.0.0.1:4010/hosted_pages/1', {})).toBeNull();
    const loopback = check({ baseUrl: 'http://127.0.0.1:4010' }).navigation;
    expect(loopback.checkoutPage('http://localhost:3000/hosted_pages/1', {})).not.toBeNull();
    expect(loopback.checkoutPage('http://evil.example/hosted_pages/1', {})).toBeNull();
  });

  it('redirects to allowedRedirectHosts (exact, or any depth below a *. wildcard) and to the app’s own host', () => {
    const { navigation } = check({ allowedRedirectHosts: ['WWW.Acme.example', '*.plans.example'] });
    const allowed = (url: string, req?: Request) => navigation.redirect(url, 'x', {}, req) === url;
    expect(allowed('https://www.acme.example/pricing')).toBe(true);
    expect(allowed('https://pro.plans.example/')).toBe(true);
    expect(allowed('https://a.b.plans.example/')).toBe(true);
    expect(allowed('https://plans.example/')).toBe(false);
    expect(allowed('https://evilplans.example/')).toBe(false);
    expect(allowed('https://acme.example/')).toBe(false);
    expect(allowed('http://www.acme.example/')).toBe(false);
    expect(allowed('https://app.example.com/thanks')).toBe(false);
    expect(allowed('https://app.example.com/thanks', request())).toBe(true);
    expect(allowed('https://app.example.com:8443/thanks', request())).toBe(false);
    expect(navigation.redirect(null, 'x', {})).toBeNull();
  });

  it('believes X-Forwarded-Host for the app’s own host only as trustProxy says', () => {
    const forwarded = request({ 'x-forwarded-host': 'evil.example' });
    const untrusting = check().navigation;
    expect(untrusting.redirect('https://evil.example/x', 'x', {}, forwarded)).toBeNull();
    const trusting = check({ trustProxy: 1 }).navigation;
    expect(trusting.redirect('https://evil.example/x', 'x', {}, forwarded)).not.toBeNull();
  });

  it('logs each refused host once per kind, with the host and ids but never the URL', () => {
    const { navigation, logger } = check();
    for (let i = 0; i < 3; i++) {
      navigation.redirect(`https://evil.example/phish?t=${i}`, 'option redirect_url', {
        optionId: 'o1',
      });
    }
    navigation.checkoutPage('https://evil.example/phish', { fulfillmentId: 'f1' });
    navigation.redirect('https://other.example/', 'option redirect_url', {});
    expect(logger.error).toHaveBeenCalledTimes(3);
    expect(logger.error.mock.calls[0]![1]).toEqual({ host: 'evil.example', optionId: 'o1' });
    expect(JSON.stringify(logger.error.mock.calls)).not.toContain('phish');
  });

  it.each([
    ['https://a.example'],
    ['a.example:443'],
    ['a.example/x'],
    ['*'],
    ['*.com'],
    ['a.*.example'],
    [' '],
    [42],
  ])('refuses the allowedRedirectHosts entry %j at creation', (entry) => {
    expect(() => check({ allowedRedirectHosts: [entry as string] })).toThrow(
      /allowedRedirectHosts/,
    );
  });
});

describe('safeAcceptResponse', () => {
  const fulfillment = (status: string, redirect: string | null): Fulfillment => ({
    id: 'ful_1',
    personalized_offer_id: 'po_1',
    option_id: 'opt_1',
    processing_type: 'url_redirect',
    status,
    redirect_url: redirect,
    error: null,
    grant: null,
  });

  it('drops a refused redirect of a settled fulfillment (a fulfiller completed it) without refusing the accept', () => {
    const { navigation } = check();
    const answer = safeAcceptResponse(
      { navigation },
      { fulfillment: fulfillment('completed', 'https://evil.example/x'), hosted_page: null },
      request(),
    );
    expect(answer.fulfillment.redirect_url).toBeNull();
  });

  it('refuses the accept when the browser would have to go there next', () => {
    const { navigation } = check();
    expect(() =>
      safeAcceptResponse(
        { navigation },
        { fulfillment: fulfillment('in_progress', 'https://evil.example/x'), hosted_page: null },
        request(),
      ),
    ).toThrow(expect.objectContaining({ code: 'unsafe_redirect', status: 502 }));
  });
});
