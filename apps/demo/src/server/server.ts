import { fileURLToPath } from 'node:url';
import { createSimulator } from '@upsell-kit/chargebee-simulator';
import type { Simulator } from '@upsell-kit/chargebee-simulator';
import { createDemoApp } from './app';
import type { DemoAppOptions } from './app';
import { describeConfig, readConfig } from './config';

/**
 * `pnpm demo`: the demo page, the upsell endpoints, and (without Chargebee credentials) an
 * embedded Chargebee simulator on a loopback port. See apps/demo/README.md for the variables.
 */
async function main(): Promise<void> {
  const clientDir = fileURLToPath(new URL('../client', import.meta.url));
  const config = readConfig(process.env, clientDir);

  let simulator: Simulator | undefined;
  let simulatorUrl: string | undefined;
  let chargebee: DemoAppOptions['chargebee'];
  const closers: Array<() => Promise<unknown>> = [];

  if (config.chargebee.kind === 'simulator') {
    simulator = createSimulator({});
    const running = await simulator.listen({ port: config.chargebee.port, host: '127.0.0.1' });
    closers.push(() => running.close());
    simulatorUrl = running.url;
    chargebee = {
      site: simulator.options.site,
      apiKey: simulator.options.apiKey,
      baseUrl: running.url,
    };
  } else {
    chargebee = {
      site: config.chargebee.site,
      apiKey: config.chargebee.apiKey,
      ...(config.chargebee.baseUrl ? { baseUrl: config.chargebee.baseUrl } : {}),
    };
  }

  let store: DemoAppOptions['store'];
  if (config.redisUrl) {
    const [{ Redis }, { createRedisStore }] = await Promise.all([
      import('ioredis'),
      import('@upsell-kit/server/redis'),
    ]);
    const redis = new Redis(config.redisUrl, { lazyConnect: false, maxRetriesPerRequest: 2 });
    redis.on('error', (error: Error) => console.error(`[demo] redis: ${error.message}`));
    closers.push(() => redis.quit());
    store = createRedisStore(redis);
  }

  const app = createDemoApp({
    config,
    chargebee,
    ...(simulator ? { simulator } : {}),
    ...(store ? { store } : {}),
  });

  const server = app.listen(config.port, config.host, () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    console.info(
      [
        '',
        'upsell-kit demo',
        ...describeConfig({ ...config, port }, simulatorUrl),
        '',
        `  Open http://localhost:${port}`,
        '',
      ].join('\n'),
    );
  });
  server.on('error', (error) => {
    console.error(`[demo] cannot listen on ${config.host}:${config.port}: ${error.message}`);
    process.exit(1);
  });

  const shutdown = () => {
    server.close();
    server.closeAllConnections();
    void Promise.allSettled(closers.map((close) => close())).then(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  console.error(
    `[demo] failed to start: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
});
