import { describe, expect, it } from 'vitest';
import { createUpsellHandler } from './handler/create-upsell-handler';
import type { UpsellHandlerOptions } from './handler/upsell-handler-options';
import {
  SITE,
  API_KEY,
  APP,
  ALICE,
  CAROL,
  upstream,
  setup,
  post,
  tokenFor,
} from './test-support/security-setup';

describe('identity comes from the server only', () => {
  it('a body naming customer_id / subscription_id / a user is rejected and never reaches Chargebee', async () => {
    const { upsell } = setup();
    const bodies = [
      { customer_id: 'cus_globex' },
      { subscription_id: 'sub_globex' },
      { custom: { customer_id: 'cus_globex' } },
      { custom: { subscription_id: 'sub_globex' } },
      { custom: { email: 'carol@globex.test' } },
      { context: { customer_id: 'cus_globex' } },
      { external_user_id: 'carol' },
    ];
    for (const body of bodies) {
      const response = await upsell(post('/offers', body));
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe(
        'invalid_request',
      );
    }
    const token = await tokenFor(upsell);
    for (const body of [
      { token, type: 'viewed', customer_id: 'cus_globex' },
      { token, option_id: 'opt_1', subscription_id: 'sub_globex' },
    ]) {
      const path = 'type' in body ? '/events' : '/fulfillments';
      expect((await upsell(post(path, body))).status).toBe(400);
    }
    expect(upstream).toHaveLength(0);
  });

  it('sends only identify()’s customer to Chargebee', async () => {
    const { upsell } = setup();
    await upsell(post('/offers', { custom: { storage_used_percent: 85 } }));
    expect(upstream).toHaveLength(1);
    const sent = JSON.parse(upstream[0]!.body) as Record<string, unknown>;
    expect(sent.customer_id).toBe('cus_acme');
    expect(upstream[0]!.body).not.toContain('globex');
  });
});

describe('offer tokens', () => {
  it('a token of customer A used by customer B → 403 (404 on reads), no upstream call', async () => {
    const { upsell, as } = setup();
    const token = await tokenFor(upsell);
    as(CAROL);
    for (const [path, body] of [
      ['/events', { token, type: 'viewed' }],
      ['/fulfillments', { token, option_id: 'opt_1' }],
    ] as const) {
      const response = await upsell(post(path, body));
      expect(response.status).toBe(403);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('forbidden');
    }
    const read = await upsell(
      new Request(`${APP}/api/upsell/fulfillments/ful_1?token=${encodeURIComponent(token)}`),
    );
    // Reads follow the contract's GET rule: a token that is not this customer's → 404.
    expect(read.status).toBe(404);
    expect(upstream).toHaveLength(0);
  });

  it('the same customer on another subscription is another customer', async () => {
    const { upsell, as } = setup();
    const token = await tokenFor(upsell);
    as({ ...ALICE, subscriptionId: 'sub_other' });
    expect((await upsell(post('/events', { token, type: 'viewed' }))).status).toBe(403);
  });

  it('tampered, truncated, re-signed and garbled tokens → 403', async () => {
    const { upsell } = setup();
    const token = await tokenFor(upsell);
    const [payload, mac] = token.split('.') as [string, string];
    const claims = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as unknown[];
    claims[4] = 'cus_globex';
    const forgedPayload = btoa(JSON.stringify(claims))
      .replace(/\+/g, '-')
      .replace(/\//g, '_')
      .replace(/=+$/, '');
    const flip = (text: string, at: number) =>
      text.slice(0, at) + (text[at] === 'A' ? 'B' : 'A') + text.slice(at + 1);
    const other = createUpsellHandler({
      chargebee: { site: SITE, apiKey: API_KEY },
      identify: () => ALICE,
      secret: 'another-secret-entirely-0123456789abcdef',
    });
    const foreignSecretToken = await tokenFor(other);
    const variants = [
      flip(token, 3),
      flip(token, token.length - 2),
      token.slice(0, -1),
      token.slice(0, token.length / 2),
      payload,
      `${payload}.`,
      `.${mac}`,
      `${forgedPayload}.${mac}`,
      `${payload}.${mac}.${mac}`,
      `${payload}.${mac}==`,
      token.toUpperCase(),
      foreignSecretToken,
      'garbage',
      '....',
      '💥.💥',
    ];
    for (const variant of variants) {
      const response = await upsell(post('/fulfillments', { token: variant, option_id: 'opt_1' }));
      expect(response.status, variant).toBe(403);
    }
    expect(upstream).toHaveLength(0);
  });
});

describe('cross-site requests', () => {
  const attacks: [string, Record<string, string>, string?][] = [
    ['Sec-Fetch-Site: cross-site', { 'sec-fetch-site': 'cross-site' }],
    ['a foreign Origin', { origin: 'https://evil.example' }],
    ['Origin: null', { origin: 'null' }],
    ['text/plain', { 'content-type': 'text/plain' }],
    ['a form post', { 'content-type': 'application/x-www-form-urlencoded' }],
    ['no content type', {}, 'none'],
  ];
  for (const [name, headers, mode] of attacks) {
    it(`${name} → rejected before identify() and before any upstream call`, async () => {
      const { upsell, identify } = setup();
      const token = await tokenFor(upsell);
      identify.mockClear();
      for (const [path, body] of [
        ['/offers', {}],
        ['/events', { token, type: 'dismissed' }],
        ['/fulfillments', { token, option_id: 'opt_1' }],
      ] as const) {
        const request =
          mode === 'none'
            ? new Request(`${APP}/api/upsell${path}`, {
                method: 'POST',
                body: new Blob([JSON.stringify(body)]),
              })
            : post(path, body, headers);
        const response = await upsell(request);
        expect([403, 415]).toContain(response.status);
        const code = ((await response.json()) as { error: { code: string } }).error.code;
        expect(code).toBe(
          response.status === 415 ? 'unsupported_media_type' : 'cross_site_request',
        );
      }
      expect(identify).not.toHaveBeenCalled();
      expect(upstream).toHaveLength(0);
    });
  }
});

describe('same-origin requests behind a proxy or next start', () => {
  // There, request.url carries the server's own address (http://localhost:3000), not the host the
  // browser used; the Host / X-Forwarded-Host headers carry that one.
  const behindProxy = (origin: string, headers: Record<string, string>) =>
    new Request('http://localhost:3000/api/upsell/offers', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin, ...headers },
      body: '{}',
    });

  it('accepts an Origin naming the Host, or the X-Forwarded-Host of a trusted proxy', async () => {
    expect(
      (await setup().upsell(behindProxy('https://app.example.com', { host: 'app.example.com' })))
        .status,
    ).toBe(200);
    const { upsell } = setup({ trustProxy: 1 });
    const forwarded = { 'x-forwarded-host': 'app.example.com' };
    expect((await upsell(behindProxy('https://app.example.com', forwarded))).status).toBe(200);
  });

  it('ignores X-Forwarded-Host unless trustProxy says so: a sibling subdomain can not forge it', async () => {
    // A credentialed request from a sibling (CORS enabled app-wide) with the victim's host forged
    // in X-Forwarded-Host, through a proxy that passes the header on unchanged.
    const forged = (trusted: Partial<UpsellHandlerOptions>) =>
      setup(trusted).upsell(
        behindProxy('https://evil.example.com', {
          host: 'localhost:3000',
          'x-forwarded-host': 'evil.example.com',
        }),
      );
    const refused = await forged({});
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe(
      'cross_site_request',
    );
    // Behind one proxy that appends the real host, the client's forged value is not the one read.
    const appended = await setup({ trustProxy: 1 }).upsell(
      behindProxy('https://evil.example.com', {
        'x-forwarded-host': 'evil.example.com, app.example.com',
      }),
    );
    expect(appended.status).toBe(403);
    expect(upstream).toHaveLength(0);
  });

  it('still rejects a foreign Origin there, before identify()', async () => {
    const { upsell, identify } = setup();
    for (const origin of ['https://evil.example', 'https://app.example.com.evil.example', 'null']) {
      const response = await upsell(behindProxy(origin, { host: 'app.example.com' }));
      expect(response.status).toBe(403);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe(
        'cross_site_request',
      );
    }
    expect(identify).not.toHaveBeenCalled();
    expect(upstream).toHaveLength(0);
  });
});
