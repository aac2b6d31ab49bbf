import Chargebee from 'chargebee';
import { describe, expect, it, vi } from 'vitest';
import { createUpsellHandler } from './handler/create-upsell-handler';
import {
  SITE,
  API_KEY,
  APP,
  SECRET,
  ALICE,
  upstream,
  setup,
  post,
  tokenFor,
} from './test-support/security-setup';

describe('the API key', () => {
  it('appears in no response body, header or log line, whatever happens', async () => {
    const { upsell, lines, as } = setup({ onEvent: () => undefined });
    const responses: Response[] = [];
    const token = await tokenFor(upsell);
    responses.push(await upsell(post('/offers', { custom: { a: 1 } })));
    responses.push(await upsell(post('/events', { token, type: 'viewed' })));
    responses.push(await upsell(post('/fulfillments', { token, option_id: 'opt_1' })));
    responses.push(await upsell(post('/fulfillments', { token, option_id: 'opt_1' })));
    // The status read hits the catch-all that answers 409 quoting the key.
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
    // The catch-all answers 409 quoting the key: it reached the log, redacted.
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
