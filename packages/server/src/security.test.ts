import type { Identity } from '@upsell-kit/core';
import Chargebee from 'chargebee';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createUpsellHandler } from './handler/create-upsell-handler';
import type { UpsellHandlerOptions } from './handler/upsell-handler-options';

// Security properties of the handler, with Chargebee mocked at the network edge.

const SITE = 'acme-test';
const API_KEY = 'live_Sup3rS3cretK3y_do_not_leak_98765';
const APP = 'https://app.example.com';
const SECRET = 'security-test-secret-0123456789abcdef0123';
const ALICE: Identity = {
  customerId: 'cus_acme',
  subscriptionId: 'sub_acme',
  externalUserId: 'alice',
};
const CAROL: Identity = {
  customerId: 'cus_globex',
  subscriptionId: 'sub_globex',
  externalUserId: 'carol',
};

const upstream: { path: string; body: string; headers: Headers }[] = [];
const server = setupServer(
  http.all(`https://${SITE}.grow.chargebee.com/*`, async ({ request }) => {
    upstream.push({
      path: new URL(request.url).pathname,
      body: request.method === 'GET' ? '' : await request.text(),
      headers: request.headers,
    });
    const path = new URL(request.url).pathname;
    if (path.endsWith('/personalized_offers')) {
      return HttpResponse.json({
        personalized_offers: [
          {
            id: 'po_1',
            offer_id: 'offer_1',
            content: { title: 't', description: 'd' },
            options: [{ id: 'opt_1', label: 'Yes', processing_type: 'billing_update' }],
          },
        ],
        expires_at: Math.floor(Date.now() / 1000) + 600,
      });
    }
    if (path.endsWith('/offer_events')) return new HttpResponse(null, { status: 204 });
    if (path.endsWith('/offer_fulfillments')) {
      return HttpResponse.json(
        {
          offer_fulfillment: {
            id: 'ful_1',
            personalized_offer_id: 'po_1',
            option_id: 'opt_1',
            processing_type: 'billing_update',
            status: 'in_progress',
          },
        },
        { status: 202 },
      );
    }
    // Anything else answers with an error that quotes the key, as a misbehaving upstream might.
    return HttpResponse.json(
      {
        message: `api_key ${API_KEY} is not valid`,
        api_error_code: 'api_authentication_failed',
        http_status_code: 401,
      },
      { status: 401 },
    );
  }),
);

beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => {
  upstream.length = 0;
});
afterAll(() => server.close());

function setup(overrides: Partial<UpsellHandlerOptions> = {}) {
  const lines: string[] = [];
  const capture = (...args: unknown[]) => void lines.push(JSON.stringify(args));
  let who: Identity | null = ALICE;
  const identify = vi.fn(() => who);
  const upsell = createUpsellHandler({
    chargebee: { site: SITE, apiKey: API_KEY, timeoutMs: 3_000 },
    identify,
    secret: SECRET,
    logger: { info: capture, warn: capture, error: capture },
    ...overrides,
  });
  return { upsell, identify, lines, as: (identity: Identity | null) => void (who = identity) };
}

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  new Request(`${APP}/api/upsell${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

async function tokenFor(upsell: ReturnType<typeof setup>['upsell']): Promise<string> {
  const response = await upsell(post('/offers', {}));
  const body = (await response.json()) as { offers: { token: string }[] };
  upstream.length = 0;
  return body.offers[0]!.token;
}

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

describe('the API key', () => {
  it('appears in no response body, header or log line, whatever happens', async () => {
    const { upsell, lines, as } = setup({ onEvent: () => undefined });
    const responses: Response[] = [];
    const token = await tokenFor(upsell);
    responses.push(await upsell(post('/offers', { custom: { a: 1 } })));
    responses.push(await upsell(post('/events', { token, type: 'viewed' })));
    responses.push(await upsell(post('/fulfillments', { token, option_id: 'opt_1' })));
    responses.push(await upsell(post('/fulfillments', { token, option_id: 'opt_1' })));
    // The status read hits the catch-all that answers 401 quoting the key.
    responses.push(
      await upsell(
        new Request(`${APP}/api/upsell/fulfillments/ful_1?token=${encodeURIComponent(token)}`),
      ),
    );
    responses.push(await upsell(post('/offers', '{bad json')));
    responses.push(await upsell(new Request(`${APP}/api/upsell/nope`)));
    as(null);
    responses.push(await upsell(post('/offers', {})));
    await expect(upsell.completeFulfillment('ful_missing')).rejects.toMatchObject({
      code: 'upstream_error',
    });

    const basic = btoa(`${API_KEY}:`);
    for (const response of responses) {
      const text = await response.text();
      expect(text).not.toContain(API_KEY);
      expect(text).not.toContain(basic);
      response.headers.forEach((value) => {
        expect(value).not.toContain(API_KEY);
        expect(value).not.toContain(basic);
      });
    }
    expect(lines.length).toBeGreaterThan(0);
    // The upstream message quoting the key was logged, redacted.
    expect(lines.join('\n')).toContain('[redacted]');
    for (const line of lines) {
      expect(line).not.toContain(API_KEY);
      expect(line).not.toContain(basic);
    }
    // And it did go upstream, as Basic auth, where it belongs.
    expect(upstream.some((call) => call.headers.get('authorization') === `Basic ${basic}`)).toBe(
      true,
    );
  });

  it('is redacted from console output by default', async () => {
    const spies = (['info', 'warn', 'error', 'log', 'debug'] as const).map((level) =>
      vi.spyOn(console, level).mockImplementation(() => {}),
    );
    try {
      const upsell = createUpsellHandler({
        chargebee: { site: SITE, apiKey: API_KEY, timeoutMs: 3_000 },
        identify: () => ALICE,
      });
      await upsell(new Request(`${APP}/api/upsell/fulfillments/ful_x?token=abc`));
      await expect(upsell.completeFulfillment('ful_missing')).rejects.toMatchObject({
        code: 'upstream_error',
      });
      const output = JSON.stringify(spies.flatMap((spy) => spy.mock.calls));
      expect(output).toContain('redacted');
      expect(output).not.toContain(API_KEY);
      expect(output).not.toContain(btoa(`${API_KEY}:`));
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
  });
});

describe('the API key of a ready SDK instance', () => {
  it('is redacted from log lines too (read from the instance, since no connection options carry it)', async () => {
    const lines: string[] = [];
    const log = (message: string, detail?: Record<string, unknown>) =>
      void lines.push(`${message} ${JSON.stringify(detail ?? {})}`);
    const upsell = createUpsellHandler({
      chargebee: new Chargebee({ site: SITE, apiKey: API_KEY }),
      identify: () => ALICE,
      secret: SECRET,
      logger: { info: log, warn: log, error: log },
    });
    await upsell(new Request(`${APP}/api/upsell/fulfillments/ful_x?token=abc`));
    await expect(upsell.completeFulfillment('ful_missing')).rejects.toMatchObject({
      code: 'upstream_error',
    });
    // The catch-all answers 401 quoting the key: it reached the log, redacted.
    expect(lines.join('\n')).toContain('[redacted]');
    for (const line of lines) {
      expect(line).not.toContain(API_KEY);
      expect(line).not.toContain(btoa(`${API_KEY}:`));
    }
  });
});

describe('secret', () => {
  it('outside production, secretless handlers of one process share one random secret', async () => {
    const make = () =>
      createUpsellHandler({
        chargebee: { site: SITE, apiKey: API_KEY },
        identify: () => ALICE,
        logger: { info() {}, warn() {}, error() {} },
      });
    const first = make();
    const token = await tokenFor(first);
    const second = make();
    const response = await second(post('/events', { token, type: 'viewed' }));
    expect(response.status).toBe(204);
  });

  it('is required in production, and must be ≥ 32 bytes there', () => {
    vi.stubEnv('NODE_ENV', 'production');
    try {
      const base = { chargebee: { site: SITE, apiKey: API_KEY }, identify: () => ALICE };
      expect(() => createUpsellHandler(base)).toThrow(/secret.*required in production/);
      expect(() => createUpsellHandler({ ...base, secret: 'short' })).toThrow(/at least 32 bytes/);
      expect(() => createUpsellHandler({ ...base, secret: SECRET })).not.toThrow();
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
