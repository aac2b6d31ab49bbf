import { describe, expect, it } from 'vitest';
import { describeConfig, readConfig } from './config';

const clientDir = '/tmp/client';

describe('demo configuration', () => {
  it('embeds the simulator on port 3000 without Chargebee credentials', () => {
    const config = readConfig({}, clientDir);
    expect(config.port).toBe(3000);
    // A test site: Chargebee's 150 calls a minute.
    expect(config.chargebee).toEqual({ kind: 'simulator', port: 0, apiLimit: 150 });
    expect(config.secretSource).toBe('random');
    expect(config.secret.length).toBeGreaterThanOrEqual(32);
  });

  it('uses Chargebee when site and key are both set, with CHARGEBEE_BASE_URL', () => {
    const config = readConfig(
      {
        CHARGEBEE_SITE: 'acme-test',
        CHARGEBEE_API_KEY: 'test_key_123',
        CHARGEBEE_BASE_URL: 'http://127.0.0.1:4010',
        PORT: '4000',
      },
      clientDir,
    );
    expect(config.port).toBe(4000);
    expect(config.chargebee).toEqual({
      kind: 'chargebee',
      site: 'acme-test',
      apiKey: 'test_key_123',
      baseUrl: 'http://127.0.0.1:4010',
    });
  });

  it('says so when CHARGEBEE_BASE_URL is set without site and key', () => {
    const config = readConfig({ CHARGEBEE_BASE_URL: 'http://127.0.0.1:4010' }, clientDir);
    expect(config.chargebee.kind).toBe('simulator');
    expect(describeConfig(config).join('\n')).toMatch(/CHARGEBEE_BASE_URL\s+ignored/);
  });

  it('reads SIMULATOR_API_LIMIT: a number of calls per minute, or off', () => {
    expect(readConfig({ SIMULATOR_API_LIMIT: '1000' }, clientDir).chargebee).toMatchObject({
      apiLimit: 1000,
    });
    const off = readConfig({ SIMULATOR_API_LIMIT: 'off' }, clientDir);
    expect(off.chargebee).toMatchObject({ apiLimit: false });
    expect(describeConfig(off).join('\n')).toMatch(/SIMULATOR_API_LIMIT\s+off/);
    for (const bad of ['0', '1.5', 'lots']) {
      expect(() => readConfig({ SIMULATOR_API_LIMIT: bad }, clientDir)).toThrow(
        /SIMULATOR_API_LIMIT/,
      );
    }
  });

  it('keeps the simulator when only one of site and key is set', () => {
    expect(readConfig({ CHARGEBEE_SITE: 'acme-test' }, clientDir).chargebee.kind).toBe('simulator');
    expect(readConfig({ CHARGEBEE_API_KEY: 'k' }, clientDir).chargebee.kind).toBe('simulator');
  });

  it('reads PUBLIC_URL as an origin, and fails fast on anything else', () => {
    expect(readConfig({}, clientDir).publicUrl).toBeUndefined();
    const config = readConfig({ PUBLIC_URL: 'http://localhost:5173/' }, clientDir);
    expect(config.publicUrl).toBe('http://localhost:5173');
    expect(describeConfig(config).join('\n')).toMatch(/PUBLIC_URL\s+http:\/\/localhost:5173/);
    for (const bad of ['localhost:5173', 'http://localhost:5173/app', 'not a url']) {
      expect(() => readConfig({ PUBLIC_URL: bad }, clientDir)).toThrow(
        /PUBLIC_URL must be an origin/,
      );
    }
  });

  it('fails fast on a bad PORT, CHARGEBEE_BASE_URL or a short UPSELL_SECRET', () => {
    expect(() => readConfig({ PORT: 'eighty' }, clientDir)).toThrow(/PORT/);
    expect(() =>
      readConfig(
        { CHARGEBEE_SITE: 's', CHARGEBEE_API_KEY: 'k', CHARGEBEE_BASE_URL: 'not a url' },
        clientDir,
      ),
    ).toThrow();
    expect(() => readConfig({ UPSELL_SECRET: 'short' }, clientDir)).toThrow(/UPSELL_SECRET/);
  });

  it('prints no API key, secret or Redis password', () => {
    const secret = 'a-very-secret-value-of-at-least-32-chars';
    const config = readConfig(
      {
        CHARGEBEE_SITE: 'acme-test',
        CHARGEBEE_API_KEY: 'live_key_DO_NOT_PRINT',
        REDIS_URL: 'redis://user:hunter2@redis.internal:6379/0',
        UPSELL_SECRET: secret,
      },
      clientDir,
    );
    const text = describeConfig(config).join('\n');
    expect(text).toContain('acme-test');
    expect(text).toContain('redis.internal:6379');
    expect(text).not.toContain('live_key_DO_NOT_PRINT');
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain(secret);
  });
});
