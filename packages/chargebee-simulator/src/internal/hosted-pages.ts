import type { NodeRequestLike, NodeResponseLike, SimulatorHostedPages } from '../simulator';
import { MAX_BODY_BYTES } from './body';
import { hostedPage } from './hosted-page';
import type { SimState } from './state';

const PATH = /\/hosted_pages\/([^/]+)(?:\/(pay|abandon))?\/?$/;

function notFound(): Response {
  return new Response('Not found', {
    status: 404,
    headers: { 'Content-Type': 'text/plain; charset=utf-8' },
  });
}

/** The hosted page route of `handle()`, or `null` when `pathname` is not a hosted page. */
export function serveHostedPage(
  state: SimState,
  request: Request,
  pathname: string,
): Response | null {
  const m = PATH.exec(pathname);
  if (!m?.[1]) return null;
  return hostedPage(state, request, decodeURIComponent(m[1]), m[2]);
}

async function drain(req: NodeRequestLike): Promise<void> {
  // The pages' forms carry no fields; read (and bound) the body only so the socket is reusable.
  let size = 0;
  for await (const chunk of req) {
    size += typeof chunk === 'string' ? chunk.length : chunk.byteLength;
    if (size > MAX_BODY_BYTES) return;
  }
}

/** `sim.hostedPages`: the checkout pages alone, fetch-style and as node middleware. */
export function createHostedPages(state: SimState): SimulatorHostedPages {
  const handle = (request: Request): Promise<Response> => {
    let pathname: string;
    try {
      pathname = new URL(request.url).pathname;
    } catch {
      return Promise.resolve(notFound());
    }
    return Promise.resolve(serveHostedPage(state, request, pathname) ?? notFound());
  };

  function middleware(req: NodeRequestLike, res: NodeResponseLike, next?: () => void): void {
    const path = req.originalUrl ?? req.url ?? '/';
    const pathname = path.split('?')[0] ?? '/';
    if (!PATH.test(pathname)) {
      if (next) next();
      else {
        res.statusCode = 404;
        res.end();
      }
      return;
    }
    const host = req.headers.host;
    const origin = `http://${typeof host === 'string' && host !== '' ? host : 'localhost'}`;
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (typeof value === 'string') headers.set(name, value);
    }
    const method = req.method ?? 'GET';
    void (async () => {
      try {
        if (method !== 'GET' && method !== 'HEAD') await drain(req);
        const response = await handle(new Request(new URL(path, origin), { method, headers }));
        res.statusCode = response.status;
        response.headers.forEach((value, name) => res.setHeader(name, value));
        res.end(new Uint8Array(await response.arrayBuffer()));
      } catch {
        res.statusCode = 500;
        res.end();
      }
    })();
  }

  return { handle, middleware };
}
