import { describe, expect, it } from 'vitest';
import { ApiError } from './errors';
import { parseBody, parseForm } from './body';

describe('parseForm', () => {
  it('builds nested objects and arrays from Chargebee form keys', () => {
    expect(
      parseForm(
        'customer_id=c1&roles[0]=admin&roles[1]=owner&request_context[url]=https%3A%2F%2Fa.example&custom=%7B%22a%22%3A1%7D',
      ),
    ).toEqual({
      customer_id: 'c1',
      roles: ['admin', 'owner'],
      request_context: { url: 'https://a.example' },
      custom: '{"a":1}',
    });
  });
});

describe('parseBody', () => {
  it('parses JSON objects and form bodies, and treats an empty body as no parameters', () => {
    expect(parseBody('{"a":1}', 'application/json;charset=UTF-8')).toEqual({ a: 1 });
    expect(parseBody('a=1', 'application/x-www-form-urlencoded; charset=utf-8')).toEqual({
      a: '1',
    });
    expect(parseBody('', 'application/json')).toEqual({});
  });

  it('rejects invalid JSON and non-objects with a 400 invalid_request', () => {
    for (const text of ['{', '[1]', '"x"', 'null']) {
      try {
        parseBody(text, 'application/json');
        expect.unreachable(text);
      } catch (error) {
        expect(error).toBeInstanceOf(ApiError);
        expect((error as ApiError).toBody()).toMatchObject({
          api_error_code: 'invalid_request',
          http_status_code: 400,
        });
      }
    }
  });
});
