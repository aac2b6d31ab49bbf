import { createSimulator } from '@upsell-kit/chargebee-simulator';
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUpsellHandler } from '../handler/create-upsell-handler';

// The `telemetry` option with the real OpenTelemetry SDK (metrics and traces in memory): the
// instruments of `@opentelemetry/api` fit the option's types, and the handler's decisions arrive
// as counters and client spans.

const sim = createSimulator();
const server = setupServer(...sim.handlers);
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterAll(() => server.close());

/** A reader that collects on demand. */
class CollectingReader extends MetricReader {
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

const post = (path: string, body: unknown) =>
  new Request(`https://app.example.com/api/upsell${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('telemetry with the OpenTelemetry SDK', () => {
  it('counts calls, cache results and sheds, and spans each Chargebee call', async () => {
    const reader = new CollectingReader();
    const meterProvider = new MeterProvider({ readers: [reader] });
    const spans = new InMemorySpanExporter();
    const tracerProvider = new BasicTracerProvider({
      spanProcessors: [new SimpleSpanProcessor(spans)],
    });
    let customer = 'cus_0';
    const upsell = createUpsellHandler({
      chargebee: { site: 'upsell-kit-test', apiKey: 'test_simulator_key' },
      identify: () => ({ customerId: customer, subscriptionId: `sub_${customer}` }),
      secret: 'telemetry-test-secret-0123456789abcdef0123',
      logger: { info() {}, warn() {}, error() {} },
      upstreamBudget: { requestsPerMinute: 2 },
      telemetry: {
        meter: meterProvider.getMeter('upsell-kit'),
        tracer: tracerProvider.getTracer('upsell-kit'),
      },
    });
    try {
      const body = { custom: { storage_used_percent: 85 } };
      expect((await upsell(post('/offers', body))).status).toBe(200);
      expect((await upsell(post('/offers', body))).status).toBe(200); // cached
      customer = 'cus_1';
      // 75 % of 2 → 1 page load a minute reaches Chargebee.
      expect((await upsell(post('/offers', body))).status).toBe(503);

      const { resourceMetrics } = await reader.collect();
      const points = resourceMetrics.scopeMetrics.flatMap((scope) =>
        scope.metrics.flatMap((metric) =>
          metric.dataPoints.map((point) => ({
            name: metric.descriptor.name,
            attributes: point.attributes,
            value: point.value,
          })),
        ),
      );
      expect(points).toContainEqual({
        name: 'upsell.upstream.calls',
        attributes: { operation: 'personalized_offers', priority: 'offers', outcome: 'ok' },
        value: 1,
      });
      expect(points).toContainEqual({
        name: 'upsell.offer_cache',
        attributes: { result: 'hit' },
        value: 1,
      });
      expect(points).toContainEqual({
        name: 'upsell.upstream.shed',
        attributes: { operation: 'personalized_offers', priority: 'offers', reason: 'budget' },
        value: 1,
      });
      expect(spans.getFinishedSpans().map((span) => span.name)).toEqual([
        'chargebee personalized_offers',
      ]);
    } finally {
      upsell.close();
      await meterProvider.shutdown();
      await tracerProvider.shutdown();
    }
  });
});
