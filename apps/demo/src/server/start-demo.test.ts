import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemo } from './start-demo';

const silent = { info: () => {}, warn: () => {}, error: () => {} };
const secret = 'start-demo-test-secret-0123456789abcdef';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function signIn(url: string, userId: string): Promise<string> {
  const response = await fetch(`${url}/demo/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ userId }),
  });
  expect(response.status).toBe(200);
  return (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}

function askForOffers(url: string, cookie: string): Promise<Response> {
  return fetch(`${url}/api/upsell/offers`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Cookie: cookie },
    body: JSON.stringify({ custom: { storage_used_percent: 85 } }),
  });
}

describe('startDemo without Chargebee credentials', () => {
  it('embeds the simulator on loopback and stops it on close', async () => {
    let printed = '';
    const demo = await startDemo(
      { PORT: '0', HOST: '127.0.0.1', UPSELL_SECRET: secret },
      { clientDir: '/nonexistent', print: (text) => (printed += text), logger: silent },
    );
    try {
      expect(demo.simulatorUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(printed).toContain(`embedded simulator at ${demo.simulatorUrl}`);
      expect(printed).not.toContain(secret);
      // What to do first: the page opens at 40 %, below every play of the default scenario.
      expect(printed).toContain(`Open ${demo.url}`);
      expect(printed).toContain('Then raise "Storage used (%)" to 80 or more to see an offer');
      const response = await askForOffers(demo.url, await signIn(demo.url, 'alice'));
      expect(response.status).toBe(200);
      const issued = (await (
        await fetch(`${demo.simulatorUrl}/__simulator/offers`)
      ).json()) as Array<{ customer_id: string }>;
      expect(issued.map((o) => o.customer_id)).toEqual(['cus_acme']);
    } finally {
      await demo.close();
    }
    await expect(fetch(`${demo.simulatorUrl}/__simulator/events`)).rejects.toThrow();
  });
});

describe('startDemo behind a dev proxy (PUBLIC_URL)', () => {
  it('opens the page and the checkout pages on the proxy origin', async () => {
    let printed = '';
    const demo = await startDemo(
      {
        PORT: '0',
        HOST: '127.0.0.1',
        UPSELL_SECRET: secret,
        PUBLIC_URL: 'http://localhost:5173',
      },
      { clientDir: '/nonexistent', print: (text) => (printed += text), logger: silent },
    );
    try {
      expect(printed).toContain('PUBLIC_URL          http://localhost:5173');
      expect(printed).toContain('Open http://localhost:5173');
      const cookie = await signIn(demo.url, 'alice');
      const offers = await fetch(`${demo.url}/api/upsell/offers`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Cookie: cookie },
        body: JSON.stringify({ custom: { seats_used_percent: 95 } }),
      });
      const { offers: [offer] = [] } = (await offers.json()) as {
        offers?: Array<{ token: string; options: Array<{ id: string }> }>;
      };
      const accepted = await fetch(`${demo.url}/api/upsell/fulfillments`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Cookie: cookie },
        body: JSON.stringify({ token: offer?.token, option_id: offer?.options[0]?.id }),
      });
      expect(accepted.status).toBe(201);
      // The kit opens only pages of the page's own origin (or https:): the proxy's, not :PORT's.
      const { hosted_page: page } = (await accepted.json()) as { hosted_page: { url: string } };
      expect(page.url).toMatch(/^http:\/\/localhost:5173\/hosted_pages\//);
    } finally {
      await demo.close();
    }
  });
});

describe('startDemo with REDIS_URL', () => {
  let redisServer: ChildProcess;
  let redisPort: number;

  beforeAll(async () => {
    if (spawnSync('redis-server', ['--version']).error) {
      throw new Error('redis-server is missing: install it with `apt-get install -y redis-server`');
    }
    redisPort = await freePort();
    redisServer = spawn(
      'redis-server',
      ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    );
    // Wait until it answers PING.
    for (let attempt = 0; ; attempt++) {
      const probe = new Redis({
        port: redisPort,
        host: '127.0.0.1',
        lazyConnect: true,
        retryStrategy: () => null,
        maxRetriesPerRequest: 0,
      });
      probe.on('error', () => {});
      try {
        await probe.connect();
        expect(await probe.ping()).toBe('PONG');
        await probe.quit();
        break;
      } catch (error) {
        probe.disconnect();
        if (attempt > 50) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  });

  afterAll(() => {
    redisServer?.kill();
  });

  it('keeps the fulfillment records and rate-limit counters in Redis', async () => {
    let printed = '';
    const demo = await startDemo(
      {
        PORT: '0',
        HOST: '127.0.0.1',
        UPSELL_SECRET: secret,
        REDIS_URL: `redis://:not-printed-password@127.0.0.1:${redisPort}/3`,
      },
      { clientDir: '/nonexistent', print: (text) => (printed += text), logger: silent },
    );
    const redis = new Redis({ port: redisPort, host: '127.0.0.1', db: 3 });
    try {
      expect(printed).toContain(`Redis at redis://:***@127.0.0.1:${redisPort}/3`);
      expect(printed).not.toContain('not-printed-password');

      const cookie = await signIn(demo.url, 'alice');
      const body = (await (await askForOffers(demo.url, cookie)).json()) as {
        offers: Array<{ token: string; options: Array<{ id: string }> }>;
      };
      const offer = body.offers[0];
      const accepted = await fetch(`${demo.url}/api/upsell/fulfillments`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Cookie: cookie },
        body: JSON.stringify({ token: offer?.token, option_id: offer?.options[0]?.id }),
      });
      expect(accepted.status).toBe(201);

      const keys = await redis.keys('upsell:*');
      expect(keys.some((key) => key.includes('rate'))).toBe(true);
      expect(keys.length).toBeGreaterThan(1);
    } finally {
      await redis.quit();
      await demo.close();
    }
  });
});
