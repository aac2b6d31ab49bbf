import type { AddressInfo } from 'node:net';
import { createSimulator } from '@upsell-kit/chargebee-simulator';
import type { Simulator } from '@upsell-kit/chargebee-simulator';
import type { UpsellStore } from '@upsell-kit/server';
import { createDemoApp } from './app';
import type { DemoAppOptions } from './app';
import { describeConfig, readConfig } from './config';

/** A running demo server. */
export interface RunningDemo {
  /** e.g. `http://localhost:3000` */
  url: string;
  port: number;
  /** The embedded simulator's origin, when there is one. */
  simulatorUrl?: string;
  close(): Promise<void>;
}

export interface StartDemoOptions {
  /** Directory of the built page. */
  clientDir: string;
  /** Where the startup lines go. @default console.info */
  print?: (text: string) => void;
  logger?: DemoAppOptions['logger'];
}

/**
 * Starts the demo as the environment describes it (see README): the embedded simulator unless
 * CHARGEBEE_SITE and CHARGEBEE_API_KEY are set, Redis when REDIS_URL is set.
 */
export async function startDemo(
  env: NodeJS.ProcessEnv,
  options: StartDemoOptions,
): Promise<RunningDemo> {
  const config = readConfig(env, options.clientDir);
  const closers: Array<() => Promise<unknown>> = [];
  const closeAll = () => Promise.allSettled(closers.reverse().map((close) => close()));

  try {
    let simulator: Simulator | undefined;
    let simulatorUrl: string | undefined;
    let chargebee: DemoAppOptions['chargebee'];
    if (config.chargebee.kind === 'simulator') {
      // A Chargebee test site: its API limit on, so the activity panel's meter shows it.
      simulator = createSimulator({
        // Checkout pages on the demo's own origin (the app serves them, see app.ts): the kit opens
        // only https: pages or pages of the page's own origin. Unknown with port 0 (tests).
        // Behind a dev proxy (PUBLIC_URL, `pnpm dev`) they are the proxy's: the page's origin.
        ...(config.publicUrl
          ? { publicUrl: config.publicUrl }
          : config.port !== 0
            ? { publicUrl: `http://${publicHost(config.host)}:${config.port}` }
            : {}),
        apiLimit:
          config.chargebee.apiLimit === false
            ? false
            : { requestsPerMinute: config.chargebee.apiLimit },
      });
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

    let store: UpsellStore | undefined;
    if (config.redisUrl) {
      const [{ Redis }, { createRedisStore }] = await Promise.all([
        import('ioredis'),
        import('@upsell-kit/server/redis'),
      ]);
      const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 2 });
      redis.on('error', (error: Error) =>
        (options.logger ?? console).error(`redis: ${error.message}`),
      );
      closers.push(() => redis.quit());
      store = createRedisStore(redis);
    }

    const app = createDemoApp({
      config,
      chargebee,
      ...(simulator ? { simulator } : {}),
      ...(store ? { store } : {}),
      ...(options.logger ? { logger: options.logger } : {}),
    });
    const server = app.listen(config.port, config.host);
    await new Promise<void>((resolve, reject) => {
      server.once('listening', resolve);
      server.once('error', reject);
    });
    closers.push(
      () =>
        new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        }),
    );
    const port = (server.address() as AddressInfo).port;
    const url = `http://${publicHost(config.host)}:${port}`;
    (options.print ?? console.info)(
      [
        '',
        'upsell-kit demo',
        ...describeConfig({ ...config, port }, simulatorUrl),
        '',
        `  Open ${config.publicUrl ?? url}`,
        // With a real site the plays are the merchant's own: no usage figure to name.
        ...(simulator ? FIRST_STEPS : []),
        '',
      ].join('\n'),
    );
    return {
      url,
      port,
      ...(simulatorUrl ? { simulatorUrl } : {}),
      close: async () => {
        await closeAll();
      },
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}

/**
 * What to do first, under the URL: the demo opens at 40 % storage, where no play matches, so the
 * page shows no offer until a usage is raised (the simulator's default scenario).
 */
const FIRST_STEPS = [
  '  Then raise "Storage used (%)" to 80 or more to see an offer',
  '  (or "AI credits used (%)" / "Seats used (%)" to 90 or more for the other two).',
];

/** The host a browser uses for the demo: the bound address, or `localhost` for a wildcard one. */
function publicHost(host: string | undefined): string {
  return !host || host === '0.0.0.0' || host === '::' ? 'localhost' : host;
}
