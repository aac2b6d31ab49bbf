import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { listenSimulator } from './test-support/listen-simulator';
import { startRedis, type RedisProcess } from './test-support/redis-process';
import { createUpsellHandler, type UpsellHandler } from './handler/create-upsell-handler';
import { promotionalCredits } from './grants/promotional-credits';
import { createRedisStore } from './stores/create-redis-store';
import type { UpsellServerEvent as UpsellEvent } from './handler/upsell-server-event';
import type { UpsellHandlerOptions } from './handler/upsell-handler-options';
import { fetchTransport, type UpstreamTransport } from './upstream/upstream-transport';

// Store faults against a real redis-server that each test stops (SIGKILL), pauses (SIGSTOP) and
// restarts, behind ioredis configured as `new Redis(url)` (offline queue on, 20 retries per
// command: the worst case), and the simulator on a real port as Chargebee. Whatever the store
// does: no 500, no hang, no accepted offer lost or created twice.

const TIMEOUT_MS = 2_000;
const STORE_TIMEOUT_MS = 300;
const APP = 'https://app.example.com/api/upsell';

const { sim, url: simUrl } = listenSimulator();
let redis: RedisProcess;
beforeAll(async () => {
  redis = await startRedis();
}, 20_000);
afterAll(() => redis.close());

interface Line {
  level: 'info' | 'warn' | 'error';
  message: string;
  detail: Record<string, unknown> | undefined;
}

function instance(
  overrides: Partial<UpsellHandlerOptions> = {},
  prefix = `t${Math.random()}:`,
  transport?: UpstreamTransport,
) {
  const lines: Line[] = [];
  const events: UpsellEvent[] = [];
  const log = (level: Line['level']) => (message: string, detail?: Record<string, unknown>) =>
    void lines.push({ level, message, detail });
  const upsell = createUpsellHandler({
    secret: 'store-faults-test-secret-0123456789abcdef',
    identify: () => ({ customerId: 'cus_acme', subscriptionId: 'sub_acme', externalUserId: 'al' }),
    store: createRedisStore(redis.client(), { prefix }),
    storeTimeoutMs: STORE_TIMEOUT_MS,
    onEvent: (event) => void events.push(event),
    logger: { info: log('info'), warn: log('warn'), error: log('error') },
    ...overrides,
    chargebee: {
      site: 'upsell-kit-test',
      apiKey: 'test_simulator_key',
      baseUrl: simUrl(),
      timeoutMs: TIMEOUT_MS,
      ...(transport ? { transport } : {}),
    },
  });
  return { upsell, lines, events };
}

const post = (path: string, body: unknown) =>
  new Request(`${APP}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

async function offer(upsell: UpsellHandler, custom: Record<string, number>) {
  const response = await upsell(post('/offers', { custom }));
  expect(response.status).toBe(200);
  const { offers } = (await response.json()) as {
    offers: { id: string; token: string; options: { id: string }[] }[];
  };
  return { id: offers[0]!.id, token: offers[0]!.token, optionId: offers[0]!.options[0]!.id };
}

const accept = (upsell: UpsellHandler, token: string, optionId: string) =>
  upsell(post('/fulfillments', { token, option_id: optionId }));

const read = (upsell: UpsellHandler, id: string, token: string) =>
  upsell(new Request(`${APP}/fulfillments/${id}?token=${encodeURIComponent(token)}`));

const creates = () =>
  sim.inspect
    .requests()
    .filter((r) => r.method === 'POST' && r.path === '/api/v2/offer_fulfillments');

const outageLines = (lines: Line[]) =>
  lines.filter((line) => line.message.includes('store is unavailable'));

async function codeOf(response: Response): Promise<string> {
  return ((await response.json()) as { error: { code: string } }).error.code;
}

describe.each([
  ['stopped', () => redis.stop(), () => redis.start()],
  ['paused (SIGSTOP)', async () => redis.pause(), async () => redis.resume()],
] as const)('Redis %s', (_name, breakStore, repair) => {
  it('offers, events and status reads keep working; accepts answer 503 store_unavailable at once; the outage is logged once', async () => {
    const { upsell, lines } = instance({ limits: { offers: 4 } });
    const storage = await offer(upsell, { storage_used_percent: 85 });
    const credits = await offer(upsell, { ai_credits_used_percent: 95 });
    const created = await accept(upsell, storage.token, storage.optionId);
    expect(created.status).toBe(201);
    const { fulfillment } = (await created.json()) as { fulfillment: { id: string } };
    await breakStore();
    try {
      // Per-instance rate limits stand in, counting from zero: four offers, then 429.
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await upsell(post('/offers', {}))).status);
      expect(statuses).toEqual([200, 200, 200, 200, 429]);
      expect((await upsell(post('/events', { token: credits.token, type: 'viewed' }))).status).toBe(
        204,
      );
      expect((await read(upsell, fulfillment.id, storage.token)).status).toBe(200);

      const refused = await accept(upsell, credits.token, credits.optionId);
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(await codeOf(refused)).toBe('store_unavailable');
      // Exactly-once can not be promised without the store: nothing went upstream.
      expect(creates()).toHaveLength(1);
      expect(outageLines(lines)).toHaveLength(1);
      expect(lines.filter((line) => line.message.includes('unexpected error'))).toEqual([]);
    } finally {
      await repair();
    }
    // The store is back (ioredis reconnects by itself): the accept goes through.
    await vi.waitFor(
      async () => expect((await accept(upsell, credits.token, credits.optionId)).status).toBe(201),
      { timeout: 15_000, interval: 200 },
    );
    expect(creates()).toHaveLength(2);
  }, 40_000);
});

describe('Redis killed between Chargebee’s answer and the record of the create', () => {
  it('answers 201, runs the fulfiller, emits the events, logs the ids, and a retry answers 200 with the same fulfillment', async () => {
    let killOnCreate = true;
    const transport: UpstreamTransport = async (request) => {
      const response = await fetchTransport(request);
      if (
        killOnCreate &&
        request.method === 'POST' &&
        request.url.endsWith('/offer_fulfillments')
      ) {
        killOnCreate = false;
        await redis.stop();
      }
      return response;
    };
    const { upsell, lines, events } = instance(
      {
        fulfill: {
          claim_50_ai_credits: promotionalCredits({
            unitId: 'ai_credits',
            amount: '50',
            expiresIn: 86_400,
          }),
        },
      },
      undefined,
      transport,
    );
    const credits = await offer(upsell, { ai_credits_used_percent: 95 });
    try {
      const created = await accept(upsell, credits.token, credits.optionId);
      expect(created.status).toBe(201);
      const { fulfillment } = (await created.json()) as {
        fulfillment: { id: string; status: string; grant: unknown };
      };
      expect(fulfillment).toMatchObject({ status: 'completed', grant: { unit_id: 'ai_credits' } });
      expect(sim.inspect.fulfillments()[0]).toMatchObject({ status: 'completed' });
      expect(events.map((event) => event.type)).toEqual(
        expect.arrayContaining(['accepted', 'completed']),
      );
      const stored = lines.find((line) => line.message.includes('could not record'));
      expect(stored?.detail).toMatchObject({
        personalizedOfferId: credits.id,
        fulfillmentId: fulfillment.id,
      });

      const again = await accept(upsell, credits.token, credits.optionId);
      expect(again.status).toBe(200);
      expect(((await again.json()) as { fulfillment: { id: string } }).fulfillment.id).toBe(
        fulfillment.id,
      );
      expect(creates()).toHaveLength(1);
    } finally {
      await redis.start();
    }
  }, 30_000);
});

describe('Redis killed while a fulfiller’s grant is kept', () => {
  it('answers the true status within the timeouts and logs only what failed', async () => {
    const grant = promotionalCredits({ unitId: 'ai_credits', amount: '50', expiresIn: 86_400 });
    const { upsell, lines } = instance({
      fulfillTimeoutMs: 10_000,
      fulfill: {
        claim_50_ai_credits: async (input) => {
          const result = await grant(input);
          await redis.stop();
          return result;
        },
      },
    });
    const credits = await offer(upsell, { ai_credits_used_percent: 95 });
    try {
      const created = await accept(upsell, credits.token, credits.optionId);
      expect(created.status).toBe(201);
      expect(await created.json()).toMatchObject({ fulfillment: { status: 'completed' } });
      expect(sim.inspect.fulfillments()[0]).toMatchObject({ status: 'completed' });
      const messages = lines.map((line) => line.message).join('\n');
      expect(messages).toContain('could not store the grant');
      expect(messages).not.toContain('could not report the fulfiller outcome to Chargebee');
      expect(messages).not.toContain('did not finish within fulfillTimeoutMs');
    } finally {
      await redis.start();
    }
  }, 30_000);
});

describe('unknown outcomes', () => {
  it('are recorded, reported with the customer, subscription, offer and option, listed on every instance and resolved', async () => {
    const prefix = `unknown${Math.random()}:`;
    const a = instance({}, prefix);
    const b = instance({}, prefix);
    const credits = await offer(a.upsell, { ai_credits_used_percent: 95 });
    // Chargebee creates the fulfillment, but only after the handler stopped waiting.
    sim.faults.set('offer_fulfillments.create', { latencyMs: TIMEOUT_MS + 500, times: 1 });
    const timedOut = await accept(a.upsell, credits.token, credits.optionId);
    expect(timedOut.status).toBe(504);

    const expected = {
      personalizedOfferId: credits.id,
      optionId: credits.optionId,
      customerId: 'cus_acme',
      subscriptionId: 'sub_acme',
      reason: 'timeout',
    };
    const reported = a.lines.find((line) => line.message.includes('fulfillment create is unknown'));
    expect(reported?.level).toBe('error');
    expect(reported?.detail).toMatchObject(expected);
    expect(a.events.find((event) => event.type === 'outcome_unknown')).toMatchObject({
      identity: { customerId: 'cus_acme', subscriptionId: 'sub_acme' },
      personalizedOfferId: credits.id,
      optionId: credits.optionId,
    });
    expect(await b.upsell.listUnknownOutcomes()).toEqual([expect.objectContaining(expected)]);

    // The merchant finds the fulfillment at Chargebee, grants the reward, and resolves it.
    await vi.waitFor(() => expect(sim.inspect.fulfillments()).toHaveLength(1));
    const fulfillmentId = sim.inspect.fulfillments()[0]!.id;
    const resolved = await b.upsell.resolveUnknownOutcome(credits.id, {
      status: 'completed',
      fulfillmentId,
    });
    expect(resolved).toMatchObject({ id: fulfillmentId, status: 'completed' });
    expect(sim.inspect.fulfillments()[0]).toMatchObject({ status: 'completed' });
    expect(await a.upsell.listUnknownOutcomes()).toEqual([]);
    // The offer now answers with that fulfillment: no second create.
    const again = await accept(a.upsell, credits.token, credits.optionId);
    expect(again.status).toBe(200);
    expect(creates()).toHaveLength(1);
  }, 30_000);

  it('"not_created" lifts the block at once, and refuses a fulfillment of another offer', async () => {
    const { upsell } = instance();
    const credits = await offer(upsell, { ai_credits_used_percent: 95 });
    sim.faults.set('offer_fulfillments.create', { dropConnection: true, times: 1 });
    expect((await accept(upsell, credits.token, credits.optionId)).status).toBe(503);
    expect(await upsell.listUnknownOutcomes()).toHaveLength(1);
    await expect(
      upsell.resolveUnknownOutcome('po_unknown', { status: 'not_created' }),
    ).rejects.toMatchObject({ code: 'not_found' });
    await upsell.resolveUnknownOutcome(credits.id, { status: 'not_created' });
    expect(await upsell.listUnknownOutcomes()).toEqual([]);
    expect((await accept(upsell, credits.token, credits.optionId)).status).toBe(201);
  }, 30_000);
});
