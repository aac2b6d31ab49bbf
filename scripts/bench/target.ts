// Child process: ONE server under test, on loopback, in front of the simulator.
//   fetch    createUpsellHandler + toNodeListener (@upsell-kit/server/node) on node:http
//   express  the same handler mounted with upsellRouter (@upsell-kit/server/express)
//            (both with the SDK transport named by config.transport: the global fetch by
//            default, or createKeepAliveTransport() from @upsell-kit/server/node)
//   proxy    a bare node:http pass-through proxy: the floor. Each route forwards the very
//            upstream request the handler makes for it (recorded from the simulator during
//            setup) on a keep-alive agent, and pipes the answer back. No validation, no
//            identity, no tokens: only the HTTP hop the handler cannot avoid.
//   handwritten  the route Chargebee's tutorial has you write: Express 5 + the official SDK on
//            its default transport (the global fetch), one SDK call per request, Chargebee's
//            answer passed through; no tokens, no cache, no budget.
// Argument: a JSON TargetConfig. Reports { type: 'listening', url } over IPC; answers
// { type: 'stats' } with memory figures; exits when the parent disconnects.
import { Agent, createServer, request as httpRequest } from 'node:http';
import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeHeapSnapshot } from 'node:v8';
import type { Identity } from '@upsell-kit/core';
import type { UpsellHandlerOptions, UpstreamTransport } from '@upsell-kit/server';
import {
  assertBuilt,
  dist,
  importFile,
  requireChargebee,
  requireExpress,
  requireRedis,
} from './paths';
import { BASE_PATH, IDENTITY_HEADER } from './protocol';
import type { KitStats, RecordedUpstream, RouteName, TargetConfig, TargetStats } from './protocol';

/** Both handler targets sign with it, so a token from one is valid on the other. */
const SECRET = 'upsell-kit-bench-secret-0123456789abcdef';

const config = JSON.parse(process.argv[2] ?? '{}') as TargetConfig;

/** The bench's `identify`: the identity named by a header, as a session lookup would give. */
function identify(request: Request): Identity | null {
  const id = request.headers.get(IDENTITY_HEADER);
  return id ? { customerId: `bench_cus_${id}`, subscriptionId: `bench_sub_${id}` } : null;
}

const silent = { info() {}, warn() {}, error() {} };

/** The handler's `stats()` (issue 12), when the build has it. */
let kitStats: (() => KitStats | Promise<KitStats>) | undefined;
const closers: Array<() => Promise<unknown>> = [];

async function handlerListener(kind: 'fetch' | 'express'): Promise<RequestListener> {
  const files = config.serverDist
    ? {
        server: `${config.serverDist}/index.js`,
        serverNode: `${config.serverDist}/node.js`,
        serverExpress: `${config.serverDist}/express.js`,
        serverRedis: `${config.serverDist}/redis.js`,
      }
    : dist;
  assertBuilt([files.server, files.serverNode, files.serverExpress]);
  const { createUpsellHandler } = await importFile<{
    createUpsellHandler: (options: UpsellHandlerOptions) => (request: Request) => Promise<Response>;
  }>(files.server);
  const { createKeepAliveTransport } = await importFile<{
    createKeepAliveTransport?: () => UpstreamTransport;
  }>(files.serverNode);
  if (config.transport === 'keep-alive' && !createKeepAliveTransport) {
    throw new Error(`bench: ${files.serverNode} has no createKeepAliveTransport`);
  }
  let store: UpsellHandlerOptions['store'];
  if (config.redisUrl) {
    assertBuilt([files.serverRedis]);
    const { createRedisStore } = await importFile<{
      createRedisStore: (redis: unknown) => NonNullable<UpsellHandlerOptions['store']>;
    }>(files.serverRedis);
    const Redis = requireRedis();
    const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 2 });
    redis.on('error', (error) => console.error(`bench target: redis: ${error.message}`));
    closers.push(() => redis.quit());
    store = createRedisStore(redis);
  }
  const budget = config.upstreamBudget ?? (config.limits ? undefined : false);
  const options: UpsellHandlerOptions = {
    chargebee: {
      site: config.upstream.site,
      apiKey: config.upstream.apiKey,
      baseUrl: config.upstream.url,
      timeoutMs: 10_000 * (config.timeScale ?? 1),
      ...(config.transport === 'keep-alive' && createKeepAliveTransport
        ? { transport: createKeepAliveTransport() }
        : {}),
    },
    identify,
    secret: SECRET,
    basePath: BASE_PATH,
    // The store's deadline stays its default second of real time on a compressed clock too
    // (warp.mjs scales timers): a third of it at 3× would turn a busy moment into an outage.
    ...(config.timeScale && config.timeScale > 1
      ? { storeTimeoutMs: 1_000 * config.timeScale }
      : {}),
    logger: silent,
    ...(store ? { store } : {}),
    ...(config.limits
      ? {}
      : { limits: { offers: false, events: false, fulfillments: false, fulfillmentReads: false } }),
    // Issue 12's option; spread untyped so that the bench also runs builds without it.
    ...(budget === undefined
      ? {}
      : ({ upstreamBudget: budget ? { requestsPerMinute: budget } : false } as object)),
  };
  const handler = createUpsellHandler(options);
  const withStats = handler as unknown as { stats?: () => KitStats | Promise<KitStats> };
  if (typeof withStats.stats === 'function') kitStats = () => withStats.stats!();
  if (kind === 'fetch') {
    const { toNodeListener } = await importFile<{
      toNodeListener: (h: typeof handler) => RequestListener;
    }>(files.serverNode);
    return toNodeListener(handler);
  }
  const { upsellRouter } = await importFile<{ upsellRouter: (h: typeof handler) => unknown }>(
    files.serverExpress,
  );
  const express = requireExpress();
  const app = express();
  app.use(BASE_PATH, upsellRouter(handler));
  return app as unknown as RequestListener;
}

function proxyListener(): RequestListener {
  const routes = config.routes;
  if (!routes) throw new Error('proxy target needs routes');
  const upstream = new URL(config.upstream.url);
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const authorization = `Basic ${Buffer.from(`${config.upstream.apiKey}:`).toString('base64')}`;
  const prepared = Object.fromEntries(
    Object.entries(routes).map(([name, r]) => [
      name,
      { ...r, body: r.body === null ? undefined : Buffer.from(JSON.stringify(r.body)) },
    ]),
  ) as Record<RouteName, Omit<RecordedUpstream, 'body'> & { body: Buffer | undefined }>;

  const route = (req: IncomingMessage): RouteName | undefined => {
    const path = (req.url ?? '').split('?')[0];
    if (req.method === 'POST' && path === `${BASE_PATH}/offers`) return 'offers';
    if (req.method === 'POST' && path === `${BASE_PATH}/events`) return 'events';
    if (req.method === 'GET' && path?.startsWith(`${BASE_PATH}/fulfillments/`))
      return 'fulfillmentRead';
    return undefined;
  };

  return (req: IncomingMessage, res: ServerResponse) => {
    const name = route(req);
    // Read the whole incoming body, as the handler must, before going upstream.
    req.resume();
    req.on('end', () => {
      if (!name) {
        res.writeHead(404).end();
        return;
      }
      const target = prepared[name];
      const headers: Record<string, string | number> = {
        authorization,
        accept: 'application/json',
      };
      if (target.body) {
        headers['content-type'] = 'application/json; charset=utf-8';
        headers['content-length'] = target.body.length;
      }
      const up = httpRequest(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: target.method,
          path: target.path,
          headers,
          agent,
        },
        (upRes) => {
          res.writeHead(upRes.statusCode ?? 502, {
            'content-type': upRes.headers['content-type'] ?? 'application/json',
            'cache-control': 'no-store',
          });
          upRes.pipe(res);
        },
      );
      up.on('error', () => {
        if (!res.headersSent) res.writeHead(502);
        res.end();
      });
      up.end(target.body);
    });
  };
}

/**
 * The tutorial's route: the page sends Chargebee's own ids, the route makes one SDK call and
 * passes Chargebee's answer (or its error status) through. The SDK's origin is rewritten to the
 * simulator by the smallest `httpClient` that does it (the SDK calls `{site}.grow.chargebee.com`,
 * which nothing local serves); everything else is the SDK's default.
 */
function handwrittenListener(): RequestListener {
  const base = new URL(config.upstream.url);
  const Chargebee = requireChargebee();
  const chargebee = new Chargebee({
    site: config.upstream.site,
    apiKey: config.upstream.apiKey,
    httpClient: {
      async makeApiRequest(request: Request): Promise<Response> {
        const url = new URL(request.url);
        url.protocol = base.protocol;
        url.host = base.host;
        return fetch(url, {
          method: request.method,
          headers: request.headers,
          ...(request.method === 'GET' ? {} : { body: await request.text() }),
          signal: AbortSignal.timeout(10_000),
        });
      },
    },
  });
  const express = requireExpress() as unknown as {
    (): ExpressApp;
    json(): unknown;
  };
  type Req = {
    body?: Record<string, string>;
    params: Record<string, string>;
    get(name: string): string | undefined;
  };
  type Res = { status(code: number): Res; json(body: unknown): void; end(): void };
  type ExpressApp = RequestListener & {
    use(handler: unknown): void;
    post(path: string, handler: (req: Req, res: Res) => Promise<void>): void;
    get(path: string, handler: (req: Req, res: Res) => Promise<void>): void;
  };
  const app = express();
  app.use(express.json());
  const route =
    (run: (req: Req, customer: string) => Promise<unknown>, status = 200) =>
    async (req: Req, res: Res) => {
      const id = req.get(IDENTITY_HEADER);
      if (!id) return void res.status(401).json({ error: 'sign in' });
      try {
        const result = await run(req, id);
        if (result === undefined) res.status(204).end();
        else res.status(status).json(result);
      } catch (error) {
        // The SDK rejects API errors as plain objects with http_status_code.
        const code = (error as { http_status_code?: number }).http_status_code;
        res.status(typeof code === 'number' ? code : 500).json({ error: 'chargebee' });
      }
    };
  app.post(
    `${BASE_PATH}/offers`,
    route((req, id) =>
      chargebee.personalizedOffer.personalizedOffers({
        customer_id: `bench_cus_${id}`,
        subscription_id: `bench_sub_${id}`,
        custom: (req.body?.custom ?? {}) as unknown as Record<string, string>,
        request_context: req.body?.context as never,
      }),
    ),
  );
  app.post(
    `${BASE_PATH}/events`,
    route(async (req) => {
      await chargebee.offerEvent.offerEvents({
        personalized_offer_id: String(req.body?.personalized_offer_id),
        type: req.body?.type === 'dismissed' ? 'dismissed' : 'viewed',
      });
      return undefined;
    }),
  );
  app.post(
    `${BASE_PATH}/fulfillments`,
    route(
      (req) =>
        chargebee.offerFulfillment.offerFulfillments({
          personalized_offer_id: String(req.body?.personalized_offer_id),
          option_id: String(req.body?.option_id),
        }),
      201,
    ),
  );
  app.get(
    `${BASE_PATH}/fulfillments/:id`,
    route((req) => chargebee.offerFulfillment.offerFulfillmentsGet(String(req.params.id))),
  );
  return app;
}

const listener =
  config.kind === 'proxy'
    ? proxyListener()
    : config.kind === 'handwritten'
      ? handwrittenListener()
      : await handlerListener(config.kind);
const server: Server = createServer({ keepAliveTimeout: 30_000 }, listener);
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.send?.({ type: 'listening', url: `http://127.0.0.1:${port}` });
});

const gc = (globalThis as { gc?: () => void }).gc;
async function onMessage(message: { type?: string; gc?: boolean; path?: string }) {
  if (message.type === 'snapshot' && message.path) {
    gc?.();
    process.send?.({ type: 'snapshot', path: writeHeapSnapshot(message.path) });
    return;
  }
  if (message.type !== 'stats') return;
  if (message.gc) gc?.();
  const cpu = process.cpuUsage();
  const stats: TargetStats = {
    rss: process.memoryUsage.rss(),
    maxRss: process.resourceUsage().maxRSS * 1024,
    heapUsed: process.memoryUsage().heapUsed,
    cpuMicros: cpu.user + cpu.system,
    ...(kitStats
      ? {
          kit: await Promise.resolve()
            .then(kitStats)
            .catch(() => ({})),
        }
      : {}),
  };
  process.send?.({ type: 'stats', stats });
}
process.on('message', (message: { type?: string; gc?: boolean; path?: string }) => {
  // Fire-and-forget (node's 'message' listener ignores the result); a failed snapshot or stats
  // reply is reported here instead of becoming an unhandled rejection that kills the target.
  void onMessage(message).catch((error: unknown) => {
    console.error('bench target: message failed', error);
  });
});
process.on('disconnect', () => {
  server.closeAllConnections();
  server.close(() => {
    void Promise.allSettled(closers.map((close) => close())).then(() => process.exit(0));
  });
});
