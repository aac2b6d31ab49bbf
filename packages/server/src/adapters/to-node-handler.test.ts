import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, it } from 'vitest';
import { listenSimulator } from '../test-support/listen-simulator';
import { createUpsellHandler } from '../handler/create-upsell-handler';
import * as nodeEntry from '../node';
import { toNodeHandler } from './to-node-handler';

// The node:http adapter on a real server, with the simulator as Chargebee.

const { url: simUrl } = listenSimulator();

async function serve() {
  const upsell = createUpsellHandler({
    chargebee: { site: 'upsell-kit-test', apiKey: 'test_simulator_key', baseUrl: simUrl() },
    secret: 'node-adapter-test-secret-0123456789abcdef',
    identify: () => ({ customerId: 'cus_acme', subscriptionId: 'sub_acme' }),
    logger: { info() {}, warn() {}, error() {} },
  });
  const listener = toNodeHandler(upsell);
  // The listener never rejects (a broken connection becomes a 500 or a closed socket inside it).
  const server = createServer((req, res) => void listener(req, res));
  server.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, server, close: () => new Promise((resolve) => server.close(resolve)) };
}

it('serves the contract on node:http', async () => {
  const { base, close } = await serve();
  try {
    const response = await fetch(`${base}/api/upsell/offers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: base },
      body: JSON.stringify({ custom: { storage_used_percent: 90 } }),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { offers: { options: { label: string }[] }[] };
    expect(body.offers[0]?.options[0]?.label).toBe('Add 100 GB storage');

    const foreign = await fetch(`${base}/api/upsell/offers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://evil.example' },
      body: '{}',
    });
    expect(foreign.status).toBe(403);

    const missing = await fetch(`${base}/elsewhere`);
    expect(missing.status).toBe(404);
  } finally {
    await close();
  }
});

it('stops reading a huge chunked body at the limit and answers 413', async () => {
  const { server, close } = await serve();
  try {
    const { port } = server.address() as AddressInfo;
    const result = await new Promise<{ status: number; body: string; written: number }>(
      (resolve, reject) => {
        let written = 0;
        const req = httpRequest(
          {
            host: '127.0.0.1',
            port,
            method: 'POST',
            path: '/api/upsell/offers',
            headers: { 'content-type': 'application/json' },
          },
          (res) => {
            let body = '';
            res.on('data', (chunk: Buffer) => (body += chunk.toString()));
            res.on('end', () => {
              req.destroy();
              resolve({ status: res.statusCode ?? 0, body, written });
            });
          },
        );
        req.on('error', () => {});
        req.on('close', () => {});
        const chunk = 'x'.repeat(16 * 1024);
        req.write('{"custom":{"s":"');
        // Keep writing (chunked, no Content-Length) until the server answers.
        const pump = () => {
          if (written > 50 * 1024 * 1024) return reject(new Error('server kept reading'));
          written += chunk.length;
          if (req.write(chunk)) setImmediate(pump);
          else req.once('drain', pump);
        };
        pump();
      },
    );
    expect(result.status).toBe(413);
    expect(JSON.parse(result.body)).toMatchObject({ error: { code: 'payload_too_large' } });
  } finally {
    server.closeAllConnections();
    await close();
  }
});

/** One raw request, with exactly the method, target and headers given (no Host of Node's own). */
function rawRequest(
  port: number,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>(
    (resolve, reject) => {
      const req = httpRequest(
        { host: '127.0.0.1', port, method, path, headers, setHost: false },
        (res) => {
          let text = '';
          res.on('data', (chunk: Buffer) => (text += chunk.toString()));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }),
          );
        },
      );
      req.on('error', reject);
      req.end(body);
    },
  );
}

it('answers odd methods, Hosts and request targets with the contract’s JSON errors, not a bare 500', async () => {
  const { server, close } = await serve();
  try {
    const { port } = server.address() as AddressInfo;
    const json = { 'content-type': 'application/json' };
    const cases: [string, string, Record<string, string>, number, string][] = [
      // A method a Fetch Request refuses to carry (CONNECT never reaches a request listener).
      ['TRACE', '/api/upsell/offers', { host: 'app.test' }, 405, 'method_not_allowed'],
      ['TRACE', '/elsewhere', { host: 'app.test' }, 404, 'not_found'],
      // Hosts that are no hosts.
      ['POST', '/api/upsell/offers', { ...json, host: 'exa mple' }, 400, 'invalid_request'],
      ['POST', '/api/upsell/offers', { ...json, host: 'app.test:99999' }, 400, 'invalid_request'],
      // A request target that is no URL.
      ['POST', 'http://[::', { ...json, host: 'app.test' }, 404, 'not_found'],
    ];
    for (const [method, path, headers, status, code] of cases) {
      const response = await rawRequest(
        port,
        method,
        path,
        headers,
        method === 'POST' ? '{"x":1}' : undefined,
      );
      expect(response.status, `${method} ${path} ${headers.host}`).toBe(status);
      expect(response.headers['cache-control']).toBe('no-store');
      expect(JSON.parse(response.body)).toMatchObject({ error: { code } });
      if (status === 405) expect(response.headers.allow).toBe('POST');
    }
  } finally {
    await close();
  }
});

it('sends the handler’s JSON in one piece with Content-Length, and reads bodies that arrive in pieces', async () => {
  const { server, close } = await serve();
  try {
    const { port } = server.address() as AddressInfo;
    const body = JSON.stringify({ custom: { storage_used_percent: 90 } });
    const result = await new Promise<{
      status: number;
      headers: Record<string, unknown>;
      text: string;
    }>((resolve, reject) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/api/upsell/offers',
          headers: { 'content-type': 'application/json', 'content-length': String(body.length) },
        },
        (res) => {
          let text = '';
          res.on('data', (chunk: Buffer) => (text += chunk.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
        },
      );
      req.on('error', reject);
      // The body of a declared length, in three pieces some time apart.
      req.write(body.slice(0, 5));
      setTimeout(() => req.write(body.slice(5, 20)), 20);
      setTimeout(() => req.end(body.slice(20)), 40);
    });
    expect(result.status).toBe(200);
    expect(result.headers['transfer-encoding']).toBeUndefined();
    expect(result.headers['content-length']).toBe(String(Buffer.byteLength(result.text)));
    expect(result.headers['cache-control']).toBe('no-store');
    expect(JSON.parse(result.text)).toMatchObject({ offers: [{ offer_id: expect.any(String) }] });
  } finally {
    await close();
  }
});

it('survives a client that leaves in the middle of a declared body, and keeps serving', async () => {
  const { base, server, close } = await serve();
  try {
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve) => {
      const req = httpRequest({
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/api/upsell/offers',
        headers: { 'content-type': 'application/json', 'content-length': '500' },
      });
      req.on('error', () => resolve());
      req.on('close', () => resolve());
      req.write('{"custom":', () => setTimeout(() => req.destroy(), 20));
    });
    const response = await fetch(`${base}/api/upsell/offers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(response.status).toBe(200);
  } finally {
    server.closeAllConnections();
    await close();
  }
});

it('streams any other Response as before (a handler wrapped by the app, a Response of its own)', async () => {
  const wrapped = Object.assign(
    async (request: Request) =>
      new Response(`echo:${await request.text()}`, {
        status: 202,
        headers: { 'content-type': 'text/plain', 'x-own': 'yes' },
      }),
    { basePath: '/api/upsell', bodyLimit: 8192 },
  ) as unknown as Parameters<typeof toNodeHandler>[0];
  const listener = toNodeHandler(wrapped);
  const server = createServer((req, res) => void listener(req, res));
  server.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const response = await fetch(`http://127.0.0.1:${port}/api/upsell/anything`, {
      method: 'POST',
      body: 'hello',
    });
    expect(response.status).toBe(202);
    expect(response.headers.get('x-own')).toBe('yes');
    expect(await response.text()).toBe('echo:hello');
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
});

it('the /node entry keeps toNodeListener as a deprecated alias, and exports the transport', () => {
  expect(nodeEntry.toNodeListener).toBe(toNodeHandler);
  expect(nodeEntry.toNodeHandler).toBe(toNodeHandler);
  expect(typeof nodeEntry.createKeepAliveTransport).toBe('function');
});
