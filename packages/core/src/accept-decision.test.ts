import { describe, expect, it } from 'vitest';
import { decideAfterAccept, decideAfterPoll } from './accept-decision';
import type { AcceptDecision, AfterAcceptInput } from './accept-decision';
import { PROCESSING_TYPES } from './contract';
import type { Fulfillment, HostedPage, OfferOption, ProcessingType } from './types';

// Pure: no fetch, no location, no clock. Every row of the table in decideAfterAccept's JSDoc,
// then every combination of the inputs against the rules each decision must keep.

const PAGE_URL = 'https://app.example.com/dashboard';
const CHECKOUT = 'https://acme.chargebee.com/pages/v4/hp_1/';
const REDIRECT = 'https://app.example.com/billing/annual';
const UNSAFE = 'javascript:alert(1)';
/** A well-formed https: URL on a host nobody allowed. */
const FOREIGN = 'https://evil.example/phish';
const LISTED = 'https://billing.example.net/annual';
const ALLOWED_HOSTS = ['billing.example.net'];

const option = (type: ProcessingType, overrides: Partial<OfferOption> = {}): OfferOption => ({
  id: 'opt',
  label: 'Go',
  processing_type: type,
  processing_layout: null,
  redirect_url: null,
  ...overrides,
});

const fulfillment = (type: ProcessingType, overrides: Partial<Fulfillment> = {}): Fulfillment => ({
  id: 'ful_1',
  personalized_offer_id: 'po_1',
  option_id: 'opt',
  processing_type: type,
  status: 'in_progress',
  redirect_url: null,
  error: null,
  grant: null,
  ...overrides,
});

const page = (url = CHECKOUT): HostedPage => ({ id: 'hp_1', url });

function input(
  type: ProcessingType,
  {
    opt = {},
    ful = {},
    hostedPage = null,
    hasOnCheckout = false,
  }: {
    opt?: Partial<OfferOption>;
    ful?: Partial<Fulfillment>;
    hostedPage?: HostedPage | null;
    hasOnCheckout?: boolean;
  } = {},
): AfterAcceptInput {
  return {
    option: option(type, opt),
    answer: { fulfillment: fulfillment(type, ful), hosted_page: hostedPage, replayed: false },
    hasOnCheckout,
    pageUrl: PAGE_URL,
    allowedRedirectHosts: ALLOWED_HOSTS,
  };
}

describe('decideAfterAccept: the table', () => {
  it.each<[string, AfterAcceptInput, AcceptDecision['kind'], Partial<AcceptDecision>?]>([
    ['a failed fulfillment', input('billing_update', { ful: { status: 'failed' } }), 'settled'],
    [
      'a failed checkout with a page',
      input('checkout', { ful: { status: 'failed' }, hostedPage: page() }),
      'settled',
    ],
    [
      'checkout, no onCheckout: the page, full page',
      input('checkout', { hostedPage: page() }),
      'navigate',
      { url: CHECKOUT },
    ],
    [
      'checkout with onCheckout: handed over with the layout',
      input('checkout', {
        opt: { processing_layout: 'in_app' },
        hostedPage: page(),
        hasOnCheckout: true,
      }),
      'checkout',
      { page: page(), layout: 'in_app' },
    ],
    [
      'checkout with onCheckout and no layout: null',
      input('checkout', {
        opt: { processing_layout: undefined },
        hostedPage: page(),
        hasOnCheckout: true,
      }),
      'checkout',
      { layout: null },
    ],
    [
      'checkout, an unsafe page, no onCheckout',
      input('checkout', { hostedPage: page(UNSAFE) }),
      'refuse',
      {
        url: UNSAFE,
        message: `Refused to navigate to an unsafe or unlisted URL (see allowedRedirectHosts): ${UNSAFE}`,
      },
    ],
    [
      'checkout, an unsafe page, onCheckout',
      input('checkout', { hostedPage: page(UNSAFE), hasOnCheckout: true }),
      'refuse',
      {
        url: UNSAFE,
        message: `Refused to hand onCheckout an unsafe or unlisted URL (see allowedRedirectHosts): ${UNSAFE}`,
      },
    ],
    [
      'checkout, a page on a foreign https: host, no onCheckout',
      input('checkout', { hostedPage: page(FOREIGN) }),
      'refuse',
      { url: FOREIGN },
    ],
    [
      'checkout, a page on a foreign https: host, onCheckout',
      input('checkout', { hostedPage: page(FOREIGN), hasOnCheckout: true }),
      'refuse',
      { url: FOREIGN },
    ],
    [
      'checkout, a page on a listed host (a custom checkout domain)',
      input('checkout', { hostedPage: page(LISTED), hasOnCheckout: true }),
      'checkout',
      { page: page(LISTED) },
    ],
    [
      'checkout, a page on the own origin',
      input('checkout', { hostedPage: page('/hosted_pages/hp_1') }),
      'navigate',
      { url: '/hosted_pages/hp_1' },
    ],
    ['checkout in progress without a page: polled', input('checkout'), 'poll'],
    [
      'checkout completed (a replay) with a page: nothing to open',
      input('checkout', { ful: { status: 'completed' }, hostedPage: page() }),
      'settled',
    ],
    [
      "url_redirect: the fulfillment's URL first",
      input('url_redirect', { opt: { redirect_url: '/option' }, ful: { redirect_url: REDIRECT } }),
      'navigate',
      { url: REDIRECT },
    ],
    [
      "url_redirect: else the option's",
      input('url_redirect', { opt: { redirect_url: '/option' } }),
      'navigate',
      { url: '/option' },
    ],
    [
      'url_redirect completed: still followed',
      input('url_redirect', { ful: { status: 'completed', redirect_url: REDIRECT } }),
      'navigate',
      { url: REDIRECT },
    ],
    [
      'url_redirect to an unsafe URL',
      input('url_redirect', { ful: { redirect_url: UNSAFE } }),
      'refuse',
      { url: UNSAFE },
    ],
    [
      'url_redirect to a foreign https: host',
      input('url_redirect', { ful: { redirect_url: FOREIGN } }),
      'refuse',
      { url: FOREIGN },
    ],
    [
      'url_redirect to a listed host',
      input('url_redirect', { opt: { redirect_url: LISTED } }),
      'navigate',
      { url: LISTED },
    ],
    [
      'url_redirect to Chargebee: a redirect, not a checkout page',
      input('url_redirect', { opt: { redirect_url: CHECKOUT } }),
      'refuse',
      { url: CHECKOUT },
    ],
    [
      'url_redirect to a listed host, with nothing listed',
      {
        ...input('url_redirect', { opt: { redirect_url: LISTED } }),
        allowedRedirectHosts: undefined,
      },
      'refuse',
      { url: LISTED },
    ],
    ['url_redirect in progress without a URL: polled', input('url_redirect'), 'poll'],
    [
      'url_redirect completed without a URL',
      input('url_redirect', { ful: { status: 'completed' } }),
      'settled',
    ],
    [
      'billing_update completed with a redirect_url',
      input('billing_update', { ful: { status: 'completed', redirect_url: REDIRECT } }),
      'navigate',
      { url: REDIRECT },
    ],
    [
      'billing_update completed with an unsafe redirect_url',
      input('billing_update', { ful: { status: 'completed', redirect_url: UNSAFE } }),
      'refuse',
      { url: UNSAFE },
    ],
    [
      'billing_update completed with a foreign redirect_url',
      input('billing_update', { ful: { status: 'completed', redirect_url: FOREIGN } }),
      'refuse',
      { url: FOREIGN },
    ],
    [
      'billing_update in progress with a redirect_url: polled first',
      input('billing_update', { ful: { redirect_url: REDIRECT } }),
      'poll',
    ],
    [
      'billing_update completed',
      input('billing_update', { ful: { status: 'completed' } }),
      'settled',
    ],
    ['webhook in progress', input('webhook'), 'poll'],
    [
      'a status not known yet: polled, as in progress',
      input('billing_update', { ful: { status: 'awaiting_payment' } }),
      'poll',
    ],
    [
      'checkout with a status not known yet and a page: opened',
      input('checkout', { ful: { status: 'awaiting_payment' }, hostedPage: page() }),
      'navigate',
      { url: CHECKOUT },
    ],
    ['email in progress', input('email'), 'poll'],
    [
      'webhook completed with a redirect_url: not followed (only billing_update and url_redirect)',
      input('webhook', { ful: { status: 'completed', redirect_url: REDIRECT } }),
      'settled',
    ],
    [
      'an option the offer does not list: by the status only',
      { ...input('checkout', { hostedPage: page() }), option: undefined },
      'poll',
    ],
  ])('%s', (_name, given, kind, fields = {}) => {
    expect(decideAfterAccept(given)).toEqual(expect.objectContaining({ kind, ...fields }));
  });

  it('a replay decides as a creation does', () => {
    const created = input('checkout', { hostedPage: page() });
    const replayed = { ...created, answer: { ...created.answer, replayed: true } };
    expect(decideAfterAccept(replayed)).toEqual(decideAfterAccept(created));
  });

  it('same-origin and relative URLs are resolved against the given page, not location', () => {
    const http = { ...input('url_redirect', { ful: { redirect_url: 'http://localhost:3000/x' } }) };
    expect(decideAfterAccept({ ...http, pageUrl: 'http://localhost:3000/app' }).kind).toBe(
      'navigate',
    );
    expect(decideAfterAccept({ ...http, pageUrl: PAGE_URL }).kind).toBe('refuse');
    // Without a page, only absolute https: URLs pass: a relative one has nothing to resolve against.
    const relative = input('url_redirect', { ful: { redirect_url: '/x' } });
    expect(decideAfterAccept({ ...relative, pageUrl: undefined }).kind).toBe('refuse');
  });
});

describe('decideAfterAccept: every combination keeps the rules', () => {
  const statuses = ['in_progress', 'completed', 'failed', 'awaiting_payment'] as const;
  const CHARGEBEE_REDIRECT = 'https://acme.chargebee.com/redirect';
  /** Redirect URLs: same-origin, listed, foreign, unsafe, and Chargebee's (no redirect host). */
  const urls = [null, REDIRECT, LISTED, FOREIGN, UNSAFE, CHARGEBEE_REDIRECT];
  const pages = [CHECKOUT, 'https://billing.example.net/hp', 'https://evil.example/hp', UNSAFE];
  /** What each kind of navigation may reach, written out by hand. */
  const reachable = {
    checkout: [CHECKOUT, 'https://billing.example.net/hp'],
    redirect: [REDIRECT, LISTED],
  };
  const combinations = PROCESSING_TYPES.flatMap((type) =>
    statuses.flatMap((status) =>
      urls.flatMap((fulfillmentUrl) =>
        urls.flatMap((optionUrl) =>
          [null, ...pages.map(page)].flatMap((hostedPage) =>
            [false, true].map((hasOnCheckout) =>
              input(type, {
                opt: { redirect_url: optionUrl },
                ful: { status, redirect_url: fulfillmentUrl },
                hostedPage,
                hasOnCheckout,
              }),
            ),
          ),
        ),
      ),
    ),
  );

  it(`${combinations.length} combinations`, () => {
    expect(combinations.length).toBe(PROCESSING_TYPES.length * 4 * 6 * 6 * 5 * 2);
    for (const given of combinations) {
      const decision = decideAfterAccept(given);
      const { fulfillment: f, hosted_page: hostedPage } = given.answer;
      const type = given.option?.processing_type;
      const where = JSON.stringify({
        type,
        status: f.status,
        f: f.redirect_url,
        o: given.option?.redirect_url,
        page: hostedPage?.url,
        cb: given.hasOnCheckout,
      });
      // A failed fulfillment leads nowhere.
      if (f.status === 'failed') expect(decision, where).toEqual({ kind: 'settled' });
      // Only a checkout hands a page to onCheckout, and only to an app that has one.
      if (decision.kind === 'checkout') {
        expect(type, where).toBe('checkout');
        expect(given.hasOnCheckout, where).toBe(true);
        expect(decision.page, where).toBe(hostedPage);
      }
      // A navigation or a refusal names a URL of the answer: followed exactly when its kind may
      // reach it (a checkout page: this origin, Chargebee, a listed host; a redirect: this
      // origin, a listed host), and a checkout page reaches onCheckout on the same terms.
      if (decision.kind === 'navigate' || decision.kind === 'refuse') {
        const offered = [hostedPage?.url, f.redirect_url, given.option?.redirect_url];
        expect(offered, where).toContain(decision.url);
        const kind = decision.url === hostedPage?.url ? 'checkout' : 'redirect';
        expect(reachable[kind].includes(decision.url), where).toBe(decision.kind === 'navigate');
      }
      if (decision.kind === 'checkout') {
        expect(reachable.checkout, where).toContain(decision.page.url);
      }
      // Only a fulfillment not final yet is polled (in_progress, or a status not known yet).
      if (decision.kind === 'poll')
        expect(['in_progress', 'awaiting_payment'], where).toContain(f.status);
      // A final fulfillment is never polled (settled, or followed to its redirect).
      if (f.status === 'completed')
        expect(['settled', 'navigate', 'refuse'], where).toContain(decision.kind);
    }
  });
});

describe('decideAfterPoll', () => {
  it.each<[string, Fulfillment, AcceptDecision]>([
    [
      'billing_update completed with a redirect_url: followed',
      fulfillment('billing_update', { status: 'completed', redirect_url: REDIRECT }),
      { kind: 'navigate', url: REDIRECT },
    ],
    [
      'billing_update completed with an unsafe redirect_url: refused',
      fulfillment('billing_update', { status: 'completed', redirect_url: UNSAFE }),
      { kind: 'refuse', url: UNSAFE, message: expect.stringContaining('Refused to navigate') },
    ],
    [
      'billing_update completed with a foreign redirect_url: refused',
      fulfillment('billing_update', { status: 'completed', redirect_url: FOREIGN }),
      { kind: 'refuse', url: FOREIGN, message: expect.stringContaining(FOREIGN) },
    ],
    [
      'billing_update completed with a listed redirect_url: followed',
      fulfillment('billing_update', { status: 'completed', redirect_url: LISTED }),
      { kind: 'navigate', url: LISTED },
    ],
    [
      'billing_update failed with a redirect_url: not followed',
      fulfillment('billing_update', { status: 'failed', redirect_url: REDIRECT }),
      { kind: 'settled' },
    ],
    [
      'billing_update completed without one',
      fulfillment('billing_update', { status: 'completed' }),
      { kind: 'settled' },
    ],
    [
      'url_redirect completed with a redirect_url: not followed after polling',
      fulfillment('url_redirect', { status: 'completed', redirect_url: REDIRECT }),
      { kind: 'settled' },
    ],
    ['checkout completed', fulfillment('checkout', { status: 'completed' }), { kind: 'settled' }],
  ])('%s', (_name, polled, expected) => {
    const rules = { pageUrl: PAGE_URL, allowedRedirectHosts: ALLOWED_HOSTS };
    expect(decideAfterPoll(polled, rules)).toEqual(expected);
  });
});
