import express from 'express';
import { createServer, type RequestListener, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createUpsellHandler } from '../handler/create-upsell-handler';
import type { UpsellServerEvent } from '../handler/upsell-server-event';
import { keepRawBody } from './keep-raw-body';
import { toExpressMiddleware } from './to-express-middleware';
import { toNodeHandler } from './to-node-handler';

// Clients that send their body a byte at a time (or never finish it), on real sockets: each is
// answered the contract's 408 within the body deadline and its connection closed, so a few
// hundred of them can not hold sockets and memory. Bounded: a few sockets, a short deadline.

const BODY_TIMEOUT_MS = 300;
/** How long a test waits for every socket to be answered: far past the deadline. */
const WAIT_MS = 5_000;
const TEST_TIMEOUT_MS = 15_000;

function handler() {
  const events: UpsellServerEvent[] = [];
  const warnings: string[] = [];
  const upsell = createUpsellHandler({
    // Never reached: every request here stops at its body.
    chargebee: { site: 'acme-test', apiKey: 'test_key_slow_bodies' },
    secret: 'slow-bodies-test-secret-0123456789abcdef',
    identify: () => ({ customerId: 'cus_acme', subscriptionId: 'sub_acme' }),
    onEvent: (event) => void events.push(event),
    logger: { info() {}, warn: (message) => void warnings.push(message), error() {} },
  });
  return { upsell, events, warnings };
}

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

async function listen(listener: RequestListener, options: Parameters<typeof createServer>[0] = {}) {
  const server = createServer(options, listener);
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return (server.address() as AddressInfo).port;
}

interface Outcome {
  /** What the server sent before it closed the connection. */
  answer: string;
  /** Whether the server closed the connection within WAIT_MS. */
  closed: boolean;
}

/**
 * A POST whose body drips a byte every 50 ms and never completes: declared with a
 * Content-Length, or chunked. Settles when the server closes the connection, or after WAIT_MS.
 */
function drip(port: number, chunked: boolean): Promise<Outcome> {
  return new Promise((resolve) => {
    const socket: Socket = connect(port, '127.0.0.1');
    let answer = '';
    let timer: ReturnType<typeof setInterval> | undefined;
    const done = (closed: boolean) => {
      clearInterval(timer);
      clearTimeout(giveUp);
      socket.destroy();
      resolve({ answer, closed });
    };
    const giveUp = setTimeout(() => done(false), WAIT_MS);
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString()));
    socket.on('close', () => done(true));
    socket.on('error', () => {});
    socket.on('connect', () => {
      socket.write(
        [
          'POST /api/upsell/offers HTTP/1.1',
          'Host: 127.0.0.1',
          'Content-Type: application/json',
          chunked ? 'Transfer-Encoding: chunked' : 'Content-Length: 100',
          '',
          '',
        ].join('\r\n'),
      );
      timer = setInterval(() => {
        if (socket.writable) socket.write(chunked ? '1\r\n{\r\n' : '{');
      }, 50);
    });
  });
}

const dripAll = (port: number) =>
  Promise.all([true, false, true, false, false].map((chunked) => drip(port, chunked)));

function expectAnswered408(outcomes: Outcome[]) {
  for (const { answer, closed } of outcomes) {
    expect(closed).toBe(true);
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(answer).toMatch(/connection: close/i);
    expect(answer.slice(answer.indexOf('\r\n\r\n') + 4)).toContain('"code":"request_timeout"');
  }
}

describe('a request body that does not arrive within bodyTimeoutMs', () => {
  it(
    'node:http: answered 408 request_timeout, the connection closed, each counted and logged once',
    async () => {
      const { upsell, events, warnings } = handler();
      const listener = toNodeHandler(upsell, { bodyTimeoutMs: BODY_TIMEOUT_MS });
      const port = await listen((req, res) => void listener(req, res));
      expectAnswered408(await dripAll(port));
      expect(events.filter((event) => event.type === 'request_timeout')).toHaveLength(5);
      expect(warnings.filter((message) => message.includes('bodyTimeoutMs'))).toHaveLength(1);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'Express (the middleware reads the body): the same',
    async () => {
      const { upsell, events } = handler();
      const app = express();
      app.use('/api/upsell', toExpressMiddleware(upsell, { bodyTimeoutMs: BODY_TIMEOUT_MS }));
      app.use(express.json());
      const port = await listen(app);
      expectAnswered408(await dripAll(port));
      expect(events.filter((event) => event.type === 'request_timeout')).toHaveLength(5);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'Express behind an app-wide express.json(): the server options the README gives cut them off',
    async () => {
      const { upsell } = handler();
      const app = express();
      app.use(express.json({ verify: keepRawBody }));
      app.use('/api/upsell', toExpressMiddleware(upsell));
      // body-parser reads the body before the middleware runs: Node's own deadlines apply.
      const port = await listen(app, {
        headersTimeout: BODY_TIMEOUT_MS,
        requestTimeout: BODY_TIMEOUT_MS,
        connectionsCheckingInterval: 100,
      });
      for (const { answer, closed } of await dripAll(port)) {
        expect(closed).toBe(true);
        expect(answer).toMatch(/^HTTP\/1\.1 408 /);
      }
    },
    TEST_TIMEOUT_MS,
  );

  it('refuses a nonsensical deadline when the adapter is created', () => {
    const { upsell } = handler();
    for (const bodyTimeoutMs of [0, -1, Number.NaN, 2 ** 31]) {
      expect(() => toNodeHandler(upsell, { bodyTimeoutMs })).toThrow(RangeError);
      expect(() => toExpressMiddleware(upsell, { bodyTimeoutMs })).toThrow(RangeError);
    }
  });
});
