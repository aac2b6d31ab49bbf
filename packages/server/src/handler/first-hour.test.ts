import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { listenSimulator } from '../test-support/listen-simulator';
import { createUpsellHandler } from './create-upsell-handler';
import type { UpsellHandlerOptions } from './upsell-handler-options';

// What a developer meets in the first hour against the simulator on a real port: a wrong API key
// named once as a configuration error, a connection check, and a reset between manual tests.

const APP = 'https://app.example.com/api/upsell';
const KEY = 'test_simulator_key';
const WRONG_KEY = 'test_wrong_key_7d1c0e';
const { sim, url: simUrl } = listenSimulator();

function setup(
  overrides: Partial<UpsellHandlerOptions> & { apiKey?: string; baseUrl?: string } = {},
) {
  const { apiKey = KEY, baseUrl = simUrl(), ...rest } = overrides;
  const logger = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
  const upsell = createUpsellHandler({
    chargebee: { site: 'upsell-kit-test', apiKey, baseUrl, timeoutMs: 2_000 },
    identify: () => ({ customerId: 'cus_acme', subscriptionId: 'sub_acme' }),
    secret: 'first-hour-test-secret-0123456789abcdef0123',
    logger,
    ...rest,
  });
  return { upsell, logger };
}

const post = (path: string, body: unknown) =>
  new Request(`${APP}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

async function offers(upsell: ReturnType<typeof setup>['upsell']) {
  const response = await upsell(post('/offers', { custom: { storage_used_percent: 85 } }));
  expect(response.status).toBe(200);
  return (
    (await response.json()) as {
      offers: { id: string; token: string; options: { id: string }[] }[];
    }
  ).offers;
}

/** Every argument of every log call, as one string (to look for the key in). */
const logged = (logger: ReturnType<typeof setup>['logger']) =>
  JSON.stringify([logger.info.mock.calls, logger.warn.mock.calls, logger.error.mock.calls]);

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
});

describe('a wrong API key', () => {
  it('answers the contract error and logs one configuration error naming the option, not one line per request', async () => {
    const { upsell, logger } = setup({ apiKey: WRONG_KEY, offerCache: false });
    for (let i = 0; i < 5; i++) {
      const response = await upsell(post('/offers', { custom: { storage_used_percent: 85 } }));
      expect(response.status).toBe(502);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe(
        'upstream_error',
      );
    }
    expect(logger.error).toHaveBeenCalledTimes(1);
    const [message, detail] = logger.error.mock.calls[0] as [string, Record<string, unknown>];
    expect(message).toContain('CHARGEBEE_API_KEY');
    expect(message).toContain('`chargebee.apiKey`');
    expect(message).toContain('site "upsell-kit-test"');
    expect(detail).toMatchObject({ problem: 'api_key', status: 401 });
    expect(logged(logger)).not.toContain(WRONG_KEY);
  });

  it('logs it again after a minute, with how many calls failed the same way meanwhile', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: Date.parse('2026-12-07T10:00:00Z') });
    const { upsell, logger } = setup({
      apiKey: WRONG_KEY,
      offerCache: false,
      limits: { offers: false },
    });
    await upsell(post('/offers', { custom: {} }));
    await upsell(post('/offers', { custom: {} }));
    await upsell(post('/offers', { custom: {} }));
    expect(logger.error).toHaveBeenCalledTimes(1);
    vi.setSystemTime(Date.now() + 61_000);
    await upsell(post('/offers', { custom: {} }));
    expect(logger.error).toHaveBeenCalledTimes(2);
    expect(logger.error.mock.calls[1]![1]).toMatchObject({ problem: 'api_key', repeated: 2 });
  });
});

describe('verifyConnection()', () => {
  it('is ok when the site answers and takes the key, with no error line and no state changed', async () => {
    const { upsell, logger } = setup();
    await expect(upsell.verifyConnection()).resolves.toEqual({
      ok: true,
      site: 'upsell-kit-test',
      message: expect.stringContaining('reachable') as string,
    });
    expect(logger.error).not.toHaveBeenCalled();
    expect(sim.inspect.fulfillments()).toEqual([]);
  });

  it('names the API key for a wrong one', async () => {
    const { upsell } = setup({ apiKey: WRONG_KEY });
    const check = await upsell.verifyConnection();
    expect(check).toMatchObject({ ok: false, problem: 'api_key', site: 'upsell-kit-test' });
    expect(check.message).toContain('CHARGEBEE_API_KEY');
    expect(check.message).not.toContain(WRONG_KEY);
  });

  it('says Chargebee could not be reached when nothing listens there', async () => {
    // A port that was free a moment ago: connections to it are refused.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise((resolve) => probe.close(resolve));
    const { upsell } = setup({ baseUrl: `http://127.0.0.1:${port}` });
    await expect(upsell.verifyConnection()).resolves.toMatchObject({
      ok: false,
      problem: 'unreachable',
    });
  });
});

describe('reset()', () => {
  it('forgets a dismissal, so that after the simulator resets too the offer shows again', async () => {
    const { upsell } = setup();
    const [offer] = await offers(upsell);
    const dismissed = await upsell(post('/events', { token: offer!.token, type: 'dismissed' }));
    expect(dismissed.status).toBe(204);
    expect(await offers(upsell)).toEqual([]);
    sim.reset();
    // The simulator forgot the cool-down, but the server still hides the dismissed offer.
    expect(await offers(upsell)).toEqual([]);
    await upsell.reset();
    expect(await offers(upsell)).toHaveLength(1);
  });

  it('forgets an accept, so that the same offer can be accepted again after the simulator reset', async () => {
    const { upsell } = setup();
    const [offer] = await offers(upsell);
    const body = { token: offer!.token, option_id: offer!.options[0]!.id };
    expect((await upsell(post('/fulfillments', body))).status).toBe(201);
    expect((await upsell(post('/fulfillments', body))).status).toBe(200);
    sim.reset();
    await upsell.reset();
    const [again] = await offers(upsell);
    const response = await upsell(
      post('/fulfillments', { token: again!.token, option_id: again!.options[0]!.id }),
    );
    expect(response.status).toBe(201);
  });

  it('refuses to run in production', async () => {
    const { upsell } = setup();
    vi.stubEnv('NODE_ENV', 'production');
    await expect(upsell.reset()).rejects.toThrow(/development and tests/);
  });

  it('names the missing method of a store without clear()', async () => {
    const entries = new Map<string, string>();
    const store = {
      get: async (key: string) => entries.get(key) ?? null,
      set: async (key: string, value: string) => void entries.set(key, value),
      setIfAbsent: async (key: string, value: string) =>
        entries.has(key) ? false : (entries.set(key, value), true),
      delete: async (key: string) => void entries.delete(key),
      increment: async (key: string) => {
        const next = Number(entries.get(key) ?? 0) + 1;
        entries.set(key, String(next));
        return next;
      },
    };
    const { upsell } = setup({ store });
    await expect(upsell.reset()).rejects.toThrow(/no clear\(\) method/);
  });
});
