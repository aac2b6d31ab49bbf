import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyTimeoutError, PayloadTooLargeError, setPreReadBody } from '../http/read-json-body';
import { errorResponse, fail, knownTextOf } from '../http/responses';

/** Options of {@link toWebRequest}. */
export interface ToWebRequestOptions {
  /** Bytes the body stream may yield before it errors (the handler answers 413). */
  bodyLimit: number;
  /**
   * Milliseconds from now until the body must have arrived; past it the body errors (the
   * handler answers 408 and the connection is closed). Only for a body this bridge reads.
   */
  bodyTimeoutMs: number;
  /** A body some middleware already parsed (e.g. `express.json()`), re-serialized as JSON. */
  parsedBody?: unknown;
  /** The exact bytes a middleware already read (`keepRawBody`); wins over `parsedBody`. */
  rawBody?: Uint8Array;
  /** Overrides the URL's path (e.g. Express's `originalUrl`). */
  url?: string;
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** The request's own origin, as the browser saw it (honouring a proxy's `X-Forwarded-Proto`). */
function originOf(req: IncomingMessage): string {
  const forwarded = firstHeader(req.headers['x-forwarded-proto'])?.split(',')[0]?.trim();
  const encrypted = (req.socket as { encrypted?: boolean } | undefined)?.encrypted === true;
  const protocol =
    forwarded === 'https' || forwarded === 'http' ? forwarded : encrypted ? 'https' : 'http';
  const host =
    firstHeader(req.headers[':authority'] as string | undefined) ?? req.headers.host ?? 'localhost';
  // A Host that is no host (`exa mple`, `a:99999`) must not break the request: the handler still
  // sees the header itself, and `Origin` is compared with it there.
  return URL.canParse(`${protocol}://${host}`)
    ? `${protocol}://${host}`
    : `${protocol}://localhost`;
}

/**
 * Methods Node parses but a Fetch `Request` refuses to carry. None is served, so they travel as
 * `OPTIONS`, which no route allows either: the handler answers them 405 (with `Allow`) or 404, as
 * the contract wants, instead of failing to build the request.
 */
const FORBIDDEN_METHODS = new Set(['CONNECT', 'TRACE', 'TRACK']);

const bodyTimeout = (ms: number) =>
  new BodyTimeoutError(`The request body did not arrive within ${ms} ms.`);

/**
 * A pull-based stream over the request body: nothing is read until the handler asks, and the
 * stream errors once more than `limit` bytes arrived, so no body is buffered unbounded, or once
 * `timeoutMs` passed before its end (counted from now, not from the first read). It never
 * destroys the request itself: the response must go out first (see {@link sendWebResponse}).
 */
function bodyStream(
  req: IncomingMessage,
  limit: number,
  timeoutMs: number,
): ReadableStream<Uint8Array> {
  let received = 0;
  let settled = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const iterator = req[Symbol.asyncIterator]() as AsyncIterator<Uint8Array | string>;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      timer = setTimeout(() => {
        settled = true;
        controller.error(bodyTimeout(timeoutMs));
      }, timeoutMs);
      req.once('close', () => clearTimeout(timer));
    },
    async pull(controller) {
      try {
        const { done, value } = await iterator.next();
        // The deadline errored the stream meanwhile: what arrives late is not the body.
        if (settled) return;
        if (done) {
          settled = true;
          clearTimeout(timer);
          controller.close();
          return;
        }
        const chunk =
          typeof value === 'string' ? new TextEncoder().encode(value) : new Uint8Array(value);
        received += chunk.byteLength;
        if (received > limit) {
          settled = true;
          clearTimeout(timer);
          controller.error(new PayloadTooLargeError(`Request body over ${limit} bytes.`));
          return;
        }
        controller.enqueue(chunk);
      } catch (error) {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        controller.error(error);
      }
    },
    cancel() {
      settled = true;
      clearTimeout(timer);
    },
  });
}

/**
 * Reads a body of a declared length (≤ the limit) as it arrives, with plain stream events: far
 * cheaper than an async iterator feeding a pull stream, and the handler awaits the same bytes
 * (see `setPreReadBody`). Rejects once `timeoutMs` passed before its last byte. Nothing is
 * destroyed here: the response goes out first.
 */
function readDeclaredBody(
  req: IncomingMessage,
  length: number,
  timeoutMs: number,
): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const timer = setTimeout(() => {
      cleanup();
      req.pause();
      reject(bodyTimeout(timeoutMs));
    }, timeoutMs);
    const cleanup = () => {
      clearTimeout(timer);
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
    };
    const onData = (chunk: Buffer | string) => {
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      received += buffer.byteLength;
      if (received > length) {
        // Node's parser never yields more than Content-Length; a stream that does is not HTTP/1.
        cleanup();
        req.pause();
        reject(new PayloadTooLargeError(`Request body over ${length} bytes.`));
        return;
      }
      chunks.push(buffer);
    };
    const onEnd = () => {
      cleanup();
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, received));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const onClose = () => {
      if (req.complete) return;
      cleanup();
      reject(new Error('The request was aborted.'));
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });
}

/** A one-chunk stream over bytes that are still arriving. */
function streamOf(bytes: Promise<Uint8Array>): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        controller.enqueue(new Uint8Array(await bytes));
        controller.close();
      } catch (error) {
        controller.error(error);
      }
    },
  });
}

/** `IncomingMessage` → Fetch `Request`, with a streamed, byte-capped body. */
export function toWebRequest(req: IncomingMessage, options: ToWebRequestOptions): Request {
  const base = originOf(req);
  const target = options.url ?? req.url ?? '/';
  // An unparsable request target (`http://[::`) matches no route: the handler answers 404.
  const url = URL.canParse(target, base) ? new URL(target, base) : new URL('/', base);
  const requested = (req.method ?? 'GET').toUpperCase();
  const method = FORBIDDEN_METHODS.has(requested) ? 'OPTIONS' : requested;
  // A re-serialized body has a length of its own.
  const reserialized =
    options.rawBody === undefined &&
    options.parsedBody !== undefined &&
    method !== 'GET' &&
    method !== 'HEAD';
  // Name/value pairs, not a `Headers`: `Request` copies a plain list at half the cost.
  const headers: [string, string][] = [];
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || name.startsWith(':')) continue;
    if (reserialized && name === 'content-length') continue;
    if (Array.isArray(value)) for (const item of value) headers.push([name, item]);
    else headers.push([name, value]);
  }
  const controller = new AbortController();
  req.once('close', () => {
    if (!req.complete) controller.abort();
  });
  const init: RequestInit & { duplex?: 'half' } = { method, headers, signal: controller.signal };
  if (method !== 'GET' && method !== 'HEAD') {
    if (options.rawBody !== undefined) {
      init.body = new Uint8Array(options.rawBody);
    } else if (options.parsedBody !== undefined) {
      init.body = JSON.stringify(options.parsedBody);
    } else if (!req.readableEnded) {
      const declared = req.headers['content-length'];
      const length = declared !== undefined && /^\d+$/.test(declared) ? Number(declared) : NaN;
      if (length > 0 && length <= options.bodyLimit) {
        // The common case (a browser's fetch): a small body of known length, read right away.
        const bytes = readDeclaredBody(req, length, options.bodyTimeoutMs);
        // Unhandled only when nobody reads the body (an early error answer): not a failure.
        bytes.catch(() => {});
        init.body = streamOf(bytes);
        init.duplex = 'half';
        const request = new Request(url, init);
        setPreReadBody(request, bytes);
        return request;
      }
      init.body = bodyStream(req, options.bodyLimit, options.bodyTimeoutMs);
      init.duplex = 'half';
    }
  }
  return new Request(url, init);
}

/**
 * Fetch `Response` → `ServerResponse`, streaming the body. When the handler answered without
 * reading the whole request body (413, or an early error), the connection is closed once the
 * response is out, instead of reading the rest of a possibly endless upload.
 */
export async function sendWebResponse(
  response: Response,
  res: ServerResponse,
  req?: IncomingMessage,
): Promise<void> {
  const unread = req !== undefined && !req.complete && !req.readableEnded;
  if (unread) {
    res.setHeader('Connection', 'close');
    res.once('finish', () => req.destroy());
  }
  res.statusCode = response.status;
  response.headers.forEach((value, name) => {
    res.setHeader(name, value);
  });
  // A JSON answer of the handler's own: its text goes out in one write, with Content-Length,
  // without a round through the body stream.
  const text = knownTextOf(response);
  if (text !== undefined) {
    res.setHeader('Content-Length', Buffer.byteLength(text));
    res.end(text);
    return;
  }
  if (!response.body) {
    res.end();
    return;
  }
  const reader = response.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!res.write(value)) {
        await new Promise<void>((resolve) => {
          res.once('drain', resolve);
          res.once('close', resolve);
        });
      }
      if (res.destroyed) break;
    }
  } finally {
    reader.releaseLock();
    res.end();
  }
}

/**
 * The adapters' last resort when bridging itself failed: the contract's opaque `500` (JSON,
 * `no-store`) while nothing was sent yet, else just the end of the response.
 */
export async function sendBridgeFailure(res: ServerResponse): Promise<void> {
  if (res.headersSent) {
    res.end();
    return;
  }
  try {
    await sendWebResponse(
      errorResponse(fail('internal_error', 'Something went wrong on the server.')),
      res,
    );
  } catch {
    res.end();
  }
}
