import type { Identity } from '@upsell-kit/core';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createUpsellHandler } from './handler/create-upsell-handler';

// A table of malformed bodies for every POST endpoint: each must get a 4xx JSON error, never a
// 5xx, and never reach Chargebee.

const SITE = 'acme-test';
const ALICE: Identity = { customerId: 'cus_acme', subscriptionId: 'sub_acme' };

let upstreamCalls = 0;
let offersServed = false;
const server = setupServer(
  http.all(`https://${SITE}.grow.chargebee.com/*`, () => {
    upstreamCalls += 1;
    if (!offersServed) {
      offersServed = true;
      return HttpResponse.json({
        personalized_offers: [
          {
            id: 'po_fuzz',
            offer_id: 'offer_fuzz',
            content: { title: 't', description: 'd' },
            options: [{ id: 'opt_1', label: 'Yes', processing_type: 'webhook' }],
          },
        ],
        expires_at: Math.floor(Date.now() / 1000) + 600,
      });
    }
    return HttpResponse.json({ unexpected: 'upstream call' }, { status: 500 });
  }),
);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

const upsell = createUpsellHandler({
  chargebee: { site: SITE, apiKey: 'fuzz_key_0123456789', timeoutMs: 500 },
  identify: () => ALICE,
  secret: 'fuzz-test-secret-0123456789abcdef0123456789',
  limits: { offers: false, events: false, fulfillments: false },
  logger: { info() {}, warn() {}, error() {} },
});

type Body = string | Uint8Array<ArrayBuffer>;

const json = (value: unknown): string => JSON.stringify(value);

/** Values of every wrong kind. Some are only wrong in some places. */
const VALUES: unknown[] = [
  null,
  true,
  false,
  0,
  -1,
  1.5,
  1e300,
  '',
  ' ',
  'x'.repeat(256),
  'x'.repeat(3000),
  '\ud800',
  'a\udc00b',
  [],
  [1, 2, 3],
  {},
  { a: 1 },
  JSON.parse('{"__proto__":{"polluted":true}}') as unknown,
  [[[[[[]]]]]],
];

const BAD_KEYS = [
  '',
  '1abc',
  'a-b',
  'a b',
  'é',
  'a'.repeat(65),
  '__proto__',
  'constructor',
  'prototype',
  'customer_id',
  'subscription_id',
  'email',
  '\ud800',
];

const nested = (depth: number, leaf: string) => '{"a":'.repeat(depth) + leaf + '}'.repeat(depth);

function rawBodies(): Body[] {
  const enc = (...bytes: number[]) => new Uint8Array(bytes);
  return [
    '',
    ' ',
    '\n',
    'null',
    'true',
    '0',
    '"a string"',
    '[]',
    '[{}]',
    '{',
    '}',
    '{"a":}',
    "{'custom':{}}",
    '{"custom":{}}garbage',
    '{"custom":{},}',
    'NaN',
    '{"custom":{"n":NaN}}',
    '{"custom":{"n":Infinity}}',
    '{"custom":{"n":1e999}}',
    '{"custom":{"n":-1e999}}',
    '{"custom":{"a":1,"a":{}}}',
    '{"__proto__":{"polluted":true}}',
    '{"constructor":{"prototype":{"polluted":true}}}',
    '{"custom":{"__proto__":{"polluted":true}}}',
    '{"context":{"__proto__":{"url":"x"}}}',
    '{"custom":{"s":"\\ud800"}}',
    '{"custom":{"s":"\\udfff\\ud800"}}',
    '{"context":{"url":"\\ud83d"}}',
    '\ufeff{"custom":1}',
    '['.repeat(4000) + ']'.repeat(4000),
    '['.repeat(100_000),
    nested(2000, '1'),
    `{"custom":${nested(500, '1')}}`,
    `{"context":${nested(500, '"x"')}}`,
    json({ custom: { s: 'x'.repeat(10_000) } }),
    json({ context: { url: 'x'.repeat(9000) } }),
    ' '.repeat(9000) + '{}',
    enc(0xff),
    enc(0x7b, 0xff, 0x7d),
    enc(0xc3, 0x28),
    enc(0xc0, 0xaf),
    enc(0xe0, 0x80, 0xaf),
    enc(0xed, 0xa0, 0x80),
    enc(0xf4, 0x90, 0x80, 0x80),
    enc(0xf8, 0x88, 0x80, 0x80, 0x80),
    enc(
      ...new TextEncoder().encode('{"custom":{"s":"'),
      0xe2,
      0x82,
      ...new TextEncoder().encode('"}}'),
    ),
    enc(
      ...new TextEncoder().encode('{"token":"'),
      0xc3,
      ...new TextEncoder().encode('","type":"viewed"}'),
    ),
    enc(0xfe, 0xff, 0x00, 0x7b, 0x00, 0x7d),
    enc(0x00),
  ];
}

function offersBodies(): Body[] {
  const out: Body[] = [];
  for (const value of VALUES) {
    // {} is a valid context; {} and { a: 1 } are valid usage contexts.
    const text = json(value);
    if (text !== '{}' && text !== '{"a":1}') out.push(json({ custom: value }));
    if (text !== '{}') out.push(json({ context: value }));
    for (const member of ['url', 'referrer_url', 'locale', 'timezone']) {
      if (typeof value === 'string' && value.length <= 50 && !/[\ud800-\udfff]/.test(value))
        continue;
      out.push(json({ context: { [member]: value } }));
    }
    const validCustom =
      (typeof value === 'number' && Number.isFinite(value)) ||
      typeof value === 'boolean' ||
      (typeof value === 'string' && value.length <= 255 && !/[\ud800-\udfff]/.test(value));
    if (!validCustom) out.push(json({ custom: { key: value } }));
  }
  for (const key of BAD_KEYS) {
    out.push(`{"custom":{${JSON.stringify(key)}:1}}`);
    out.push(`{${JSON.stringify(key)}:1}`);
    out.push(`{"context":{${JSON.stringify(key)}:"x"}}`);
  }
  out.push(
    json({ custom: Object.fromEntries(Array.from({ length: 33 }, (_, i) => [`k${i}`, i])) }),
  );
  for (const member of [
    'customer_id',
    'subscription_id',
    'user',
    'token',
    'options',
    'offers',
    'identity',
  ]) {
    out.push(json({ [member]: 'x' }));
    out.push(json({ custom: {}, [member]: {} }));
  }
  return out;
}

function tokenBodies(token: string, other: 'type' | 'option_id', good: string): Body[] {
  const out: Body[] = [];
  for (const value of VALUES) {
    out.push(json({ token: value, [other]: good }));
    out.push(json({ token, [other]: value }));
  }
  const tokenLike = [
    'x',
    'x.y',
    '.',
    token.slice(1),
    token.slice(0, -1),
    `${token}x`,
    `x${token}`,
    token.replace('.', '..'),
    token.split('').reverse().join(''),
    'x'.repeat(2049),
    `${token.split('.')[0]}.${'A'.repeat(43)}`,
  ];
  for (const value of tokenLike) out.push(json({ token: value, [other]: good }));
  out.push(json({ [other]: good }));
  out.push(json({ token }));
  out.push(json({}));
  for (const member of [
    'customer_id',
    'subscription_id',
    'personalized_offer_id',
    'offer_id',
    'user',
    'status',
  ]) {
    out.push(json({ token, [other]: good, [member]: 'x' }));
  }
  for (const key of BAD_KEYS)
    out.push(`{"token":${JSON.stringify(token)},${JSON.stringify(key)}:1,"${other}":"${good}"}`);
  return out;
}

it('answers ≥ 500 malformed bodies with a 4xx JSON error, no 5xx, no upstream call', async () => {
  const offers = await upsell(
    new Request('https://app.example.com/api/upsell/offers', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    }),
  );
  const { offers: list } = (await offers.json()) as { offers: { token: string }[] };
  const token = list[0]!.token;
  upstreamCalls = 0;

  const table: [string, Body][] = [];
  for (const path of ['/offers', '/events', '/fulfillments']) {
    for (const body of rawBodies()) table.push([path, body]);
    // The wrong kind of value as the whole body ({} is valid for /offers only).
    for (const value of VALUES) {
      if (path === '/offers' && JSON.stringify(value) === '{}') continue;
      table.push([path, json(value)]);
    }
  }
  for (const body of offersBodies()) table.push(['/offers', body]);
  for (const body of tokenBodies(token, 'type', 'viewed')) table.push(['/events', body]);
  for (const body of tokenBodies(token, 'option_id', 'opt_1')) table.push(['/fulfillments', body]);
  // Valid tokens with an option that is not the offer's.
  for (const optionId of ['opt_2', 'OPT_1', 'opt_1 ', ' opt_1', 'x'.repeat(100)]) {
    table.push(['/fulfillments', json({ token, option_id: optionId })]);
  }
  expect(table.length).toBeGreaterThanOrEqual(500);

  const failures: string[] = [];
  for (const [path, body] of table) {
    const response = await upsell(
      new Request(`https://app.example.com/api/upsell${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      }),
    );
    const text = await response.text();
    let code: unknown;
    try {
      code = (JSON.parse(text) as { error?: { code?: unknown } }).error?.code;
    } catch {
      code = undefined;
    }
    const ok =
      response.status >= 400 &&
      response.status < 500 &&
      typeof code === 'string' &&
      response.headers.get('content-type') === 'application/json; charset=utf-8' &&
      response.headers.get('cache-control') === 'no-store';
    if (!ok) {
      const shown =
        typeof body === 'string' ? body.slice(0, 80) : `bytes ${Array.from(body.slice(0, 12))}`;
      failures.push(`${path} ${response.status} ${text.slice(0, 80)} ← ${shown}`);
    }
  }
  expect(failures).toEqual([]);
  expect(upstreamCalls).toBe(0);
  // Nothing leaked onto Object.prototype from "__proto__" members.
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
});

it('answers malformed status reads (ids, tokens, query strings) with a 4xx JSON error, no upstream call', async () => {
  upstreamCalls = 0;
  const ids = [
    '%',
    '%E0%A4%A',
    '%00',
    '..',
    '%2E%2E',
    'a%2Fb',
    'x'.repeat(101),
    '%F0%9F%92%A9',
    ' ',
    '%20',
  ];
  const tokens = [
    '',
    'token=',
    'token=%',
    'token=%E0%A4%A',
    'token=%ED%A0%80',
    `token=${'A'.repeat(3000)}`,
    'token=a.b',
    'token=.',
    'token=..',
    'token=%00.%00',
    'token[]=x',
    'token=x&token=y',
    '__proto__=1',
  ];
  const failures: string[] = [];
  let count = 0;
  for (const id of [...ids, 'ful_ok']) {
    for (const query of tokens) {
      count += 1;
      const response = await upsell(
        new Request(`https://app.example.com/api/upsell/fulfillments/${id}?${query}`),
      );
      const text = await response.text();
      let code: unknown;
      try {
        code = (JSON.parse(text) as { error?: { code?: unknown } }).error?.code;
      } catch {
        code = undefined;
      }
      if (
        response.status < 400 ||
        response.status >= 500 ||
        typeof code !== 'string' ||
        response.headers.get('cache-control') !== 'no-store'
      ) {
        failures.push(`${id} ?${query.slice(0, 40)} → ${response.status} ${text.slice(0, 80)}`);
      }
    }
  }
  expect(count).toBeGreaterThan(100);
  expect(failures).toEqual([]);
  expect(upstreamCalls).toBe(0);
});
