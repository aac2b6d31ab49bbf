import { UpsellError } from '@upsell-kit/core';
import { describe, expect, it } from 'vitest';
import { readJsonBody } from './read-json-body';

/** A request as Firefox builds one: no `body` stream, the bytes only through `arrayBuffer()`. */
function withoutBodyStream(body: string): Request {
  const request = new Request('https://app.example.com/api/upsell/events', {
    method: 'POST',
    body,
  });
  Object.defineProperty(request, 'body', { value: undefined });
  return request;
}

describe('readJsonBody without a body stream (Firefox)', () => {
  it('reads the body through arrayBuffer()', async () => {
    await expect(readJsonBody(withoutBodyStream('{"type":"viewed"}'), 8192)).resolves.toEqual({
      type: 'viewed',
    });
  });

  it('still holds it to the limit', async () => {
    const error = await readJsonBody(withoutBodyStream(`{"a":"${'x'.repeat(200)}"}`), 64).catch(
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(UpsellError);
    expect((error as UpsellError).code).toBe('payload_too_large');
  });
});
