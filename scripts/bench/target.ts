// Child process: ONE server under test, on loopback, in front of the simulator.
//   fetch    createUpsellHandler + toNodeListener (@upsell-kit/server/node) on node:http
//   express  the same handler mounted with upsellRouter (@upsell-kit/server/express)
//            (both with the SDK transport named by config.transport: the global fetch by
//            default, or createKeepAliveTransport() from @upsell-kit/server/node)
//   proxy    a bare node:http pass-through proxy: the floor. Each route forwards the very
//            upstream request the handler makes for it (recorded from the simulator during
//            setup) on a keep-alive agent, and pipes the answer back. No validation, no
//            identity, no tokens: only the HTTP hop the handler cannot avoid.
// Argument: a JSON TargetConfig. Reports { type: 'listening', url } over IPC; answers
// { type: 'stats' } with memory figures; exits when the parent disconnects.
import { Agent, createServer, request as httpRequest } from 'node:http';
import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeHeapSnapshot } from 'node:v8';
import type { Identity } from '@upsell-kit/core';
import type { UpsellHandlerOptions, UpstreamTransport } from '@upsell-kit/server';
import { assertBuilt, dist, importFile, requireExpress } from './paths';
import { BASE_PATH, IDENTITY_HEADER } from './protocol';
import type { RecordedUpstream, RouteName, TargetConfig, TargetStats } from './protocol';

/** Both handler targets sign with it, so a token from one is valid on the other. */
const SECRET = 'upsell-kit-bench-secret-0123456789abcdef';

const config = JSON.parse(process.argv[2] ?? '{}') as TargetConfig;

/** The bench's `identify`: the identity named by a header, as a session lookup would give. */
function identify(request: Request): Identity | null {
  const id = request.headers.get(IDENTITY_HEADER);
  return id ? { customerId: `bench_cus_${id}`, subscriptionId: `bench_sub_${id}` } : null;
}

const silent = { info() {}, warn() {}, error() {} };

async function handlerListener(kind: 'fetch' | 'express'): Promise<RequestListener> {
  const files = config.serverDist
    ? {
        server: `${config.serverDist}/index.js`,
        serverNode: `${config.serverDist}/node.js`,
        serverExpress: `${config.serverDist}/express.js`,
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
  const options: UpsellHandlerOptions = {
    chargebee: {
      site: config.upstream.site,
      apiKey: config.upstream.apiKey,
      baseUrl: config.upstream.url,
      ...(config.transport === 'keep-alive' && createKeepAliveTransport
        ? { transport: createKeepAliveTransport() }
        : {}),
    },
    identify,
    secret: SECRET,
    basePath: BASE_PATH,
    logger: silent,
    ...(config.limits
      ? {}
      : { limits: { offers: false, events: false, fulfillments: false, fulfillmentReads: false } }),
  };
  const handler = createUpsellHandler(options);
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

const listener = config.kind === 'proxy' ? proxyListener() : await handlerListener(config.kind);
const server: Server = createServer({ keepAliveTimeout: 30_000 }, listener);
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.send?.({ type: 'listening', url: `http://127.0.0.1:${port}` });
});

const gc = (globalThis as { gc?: () => void }).gc;
process.on('message', (message: { type?: string; gc?: boolean; path?: string }) => {
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
  };
  process.send?.({ type: 'stats', stats });
});
process.on('disconnect', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
