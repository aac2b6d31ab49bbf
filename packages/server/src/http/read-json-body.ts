import { UpsellError } from '@upsell-kit/core';
import { fail } from './responses';

const decoder = new TextDecoder('utf-8', { fatal: true });

/** Raised by a body stream (e.g. the node bridge) that exceeded its byte limit. */
export class PayloadTooLargeError extends Error {
  override readonly name = 'PayloadTooLargeError';
}

/** Raised by a body stream (e.g. the node bridge) whose body did not arrive within its deadline. */
export class BodyTimeoutError extends Error {
  override readonly name = 'BodyTimeoutError';
}

const tooSlow = () => fail('request_timeout', 'The request body did not arrive in time.');

/**
 * Bodies an adapter already reads for a request (the Node bridge starts reading as soon as the
 * request arrives): {@link readJsonBody} awaits these bytes instead of reading them back through
 * the request's stream. Runtime-neutral (a WeakMap); the request keeps a real body either way.
 */
const preRead = new WeakMap<Request, Promise<Uint8Array>>();

/** Registers the bytes an adapter is reading for `request` (see {@link readJsonBody}). */
export function setPreReadBody(request: Request, bytes: Promise<Uint8Array>): void {
  preRead.set(request, bytes);
}

const tooLarge = (limit: number) =>
  fail('payload_too_large', `The request body must be at most ${limit} bytes.`);

/**
 * Reads a request body as JSON with a hard byte cap: the stream is read chunk by chunk and
 * cancelled as soon as the cap is passed, so a huge body is never buffered. Invalid UTF-8 and
 * malformed JSON → `400 invalid_request`; too large → `413 payload_too_large`; too slow (the
 * adapter's body deadline) → `408 request_timeout`.
 */
export async function readJsonBody(request: Request, limit: number): Promise<unknown> {
  const declared = request.headers.get('content-length');
  if (declared !== null && /^\d+$/.test(declared.trim()) && Number(declared) > limit) {
    await request.body?.cancel().catch(() => {});
    throw tooLarge(limit);
  }

  let bytes: Uint8Array = new Uint8Array(0);
  let length = 0;
  const early = request.bodyUsed ? undefined : preRead.get(request);
  if (early) {
    preRead.delete(request);
    try {
      bytes = await early;
    } catch (error) {
      if (error instanceof PayloadTooLargeError) throw tooLarge(limit);
      if (error instanceof BodyTimeoutError) throw tooSlow();
      throw fail('invalid_request', 'The request body could not be read.');
    }
    if (bytes.byteLength > limit) throw tooLarge(limit);
    length = bytes.byteLength;
  } else if (request.body) {
    bytes = new Uint8Array(limit);
    const reader = request.body.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        if (length + value.byteLength > limit) {
          await reader.cancel().catch(() => {});
          throw tooLarge(limit);
        }
        bytes.set(value, length);
        length += value.byteLength;
      }
    } catch (error) {
      if (error instanceof PayloadTooLargeError) throw tooLarge(limit);
      if (error instanceof BodyTimeoutError) throw tooSlow();
      if (error instanceof UpsellError) throw error;
      throw fail('invalid_request', 'The request body could not be read.');
    } finally {
      reader.releaseLock();
    }
  } else if (request.body === undefined && !request.bodyUsed) {
    // Firefox's Request has no `body` stream (the handler running in a page: Storybook, component
    // tests): the whole body at once, still held to the limit.
    try {
      bytes = new Uint8Array(await request.arrayBuffer());
    } catch {
      throw fail('invalid_request', 'The request body could not be read.');
    }
    if (bytes.byteLength > limit) throw tooLarge(limit);
    length = bytes.byteLength;
  }

  if (length === 0) throw fail('invalid_request', 'The request body must be a JSON object.');
  let text: string;
  try {
    text = decoder.decode(bytes.subarray(0, length));
  } catch {
    throw fail('invalid_request', 'The request body must be valid UTF-8.');
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw fail('invalid_request', 'The request body must be valid JSON.');
  }
}
