import type * as NodeHttp from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ListenOptions, SimulatorServer } from '../simulator';
import { MAX_BODY_BYTES } from './body';
import { ApiError } from './errors';

async function readAll(req: IncomingMessage): Promise<Uint8Array<ArrayBuffer> | null> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of req) {
    const bytes = chunk as Uint8Array;
    size += bytes.length;
    if (size > MAX_BODY_BYTES) return null;
    chunks.push(bytes);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

async function writeResponse(res: ServerResponse, response: Response): Promise<void> {
  res.statusCode = response.status;
  response.headers.forEach((value, key) => res.setHeader(key, value));
  res.end(new Uint8Array(await response.arrayBuffer()));
}

/** A `node:http` server around a fetch-style handler. node:http is imported lazily to keep the main entry browser-safe. */
export async function startNodeServer(
  handle: (request: Request) => Promise<Response>,
  options: ListenOptions,
): Promise<SimulatorServer> {
  // A specifier bundlers cannot follow: browser builds (Vite, webpack, esbuild) must not try to
  // resolve node:http, which only this Node-only function needs.
  const specifier = 'node:http';
  const http = (await import(
    /* @vite-ignore */ /* webpackIgnore: true */ specifier
  )) as typeof NodeHttp;
  const host = options.host ?? '127.0.0.1';

  const serve = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const method = req.method ?? 'GET';
    const body = method === 'GET' || method === 'HEAD' ? null : await readAll(req);
    if (body === null && method !== 'GET' && method !== 'HEAD') {
      await writeResponse(
        res,
        new ApiError(413, 'invalid_request', 'The request body is too large.', {
          type: 'invalid_request',
        }).toResponse(),
      );
      return;
    }
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (Array.isArray(value)) value.forEach((v) => headers.append(name, v));
      else if (value !== undefined) headers.set(name, value);
    }
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? host}`);
    const request = new Request(url, {
      method,
      headers,
      ...(body && body.length > 0 ? { body } : {}),
    });
    const response = await handle(request);
    if (response.type === 'error') {
      req.socket.destroy();
      return;
    }
    await writeResponse(res, response);
  };

  const server = http.createServer((req, res) => {
    serve(req, res).catch(() => {
      if (!res.headersSent) {
        res.statusCode = 500;
        res.setHeader('Content-Type', 'application/json;charset=utf-8');
      }
      res.end(
        JSON.stringify({
          message: 'Internal simulator error.',
          api_error_code: 'internal_error',
          http_status_code: 500,
        }),
      );
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? 0);
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
