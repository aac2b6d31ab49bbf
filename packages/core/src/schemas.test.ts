import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import {
  eventRequestSchema,
  fulfillmentRequestSchema,
  isWellFormed,
  offersRequestSchema,
} from './schemas';

const parse = (body: string) => v.safeParse(offersRequestSchema, JSON.parse(body));

describe('offersRequestSchema', () => {
  it('accepts the contract example and an empty body', () => {
    expect(
      parse(
        '{"custom":{"storage_used_percent":82,"beta":true,"plan":"pro"},"context":{"url":"https://app.example.com/files","locale":"en-US","timezone":"Europe/Berlin"}}',
      ).success,
    ).toBe(true);
    expect(parse('{}').success).toBe(true);
    expect(parse('{"placement_id":"dashboard.storage:top-1"}').success).toBe(true);
  });

  it.each([
    ['an identity member', '{"customer_id":"cus_1"}'],
    ['an identity member inside context', '{"context":{"subscription_id":"sub_1"}}'],
    ['a prototype key in custom', '{"custom":{"__proto__":{"polluted":true}}}'],
    ['a constructor key in custom', '{"custom":{"constructor":1}}'],
    ['a top-level prototype key', '{"__proto__":{"polluted":true}}'],
    ['an array as custom', '{"custom":[1]}'],
    ['a nested object value', '{"custom":{"a":{"b":1}}}'],
    ['null as a value', '{"custom":{"a":null}}'],
    ['a key with a dash', '{"custom":{"a-b":1}}'],
    ['a key that starts with a digit', '{"custom":{"1a":1}}'],
    ['a 65-character key', `{"custom":{"${'a'.repeat(65)}":1}}`],
    ['a 256-character string', `{"custom":{"a":"${'x'.repeat(256)}"}}`],
    ['a lone surrogate', '{"custom":{"a":"\\ud800"}}'],
    ['a 251-character url', `{"context":{"url":"${'u'.repeat(251)}"}}`],
    ['a 51-character locale', `{"context":{"locale":"${'l'.repeat(51)}"}}`],
    ['a 65-character timezone', `{"context":{"timezone":"${'t'.repeat(65)}"}}`],
    ['a number as locale', '{"context":{"locale":1}}'],
    ['an empty placement_id', '{"placement_id":""}'],
    ['a placement_id with a space', '{"placement_id":"dash board"}'],
    ['a 65-character placement_id', `{"placement_id":"${'p'.repeat(65)}"}`],
    ['a number as placement_id', '{"placement_id":7}'],
  ])('rejects %s', (_name, body) => {
    expect(parse(body).success).toBe(false);
  });

  it('caps custom at 32 keys', () => {
    const custom = (n: number) =>
      JSON.stringify({
        custom: Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i])),
      });
    expect(parse(custom(32)).success).toBe(true);
    expect(parse(custom(33)).success).toBe(false);
  });

  it('does not let a prototype key reach the output', () => {
    const result = parse('{"custom":{"__proto__":{"isAdmin":true}}}');
    expect(result.success).toBe(false);
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });
});

describe('eventRequestSchema and fulfillmentRequestSchema', () => {
  it('accept well-formed bodies', () => {
    expect(v.safeParse(eventRequestSchema, { token: 't', type: 'viewed' }).success).toBe(true);
    expect(v.safeParse(fulfillmentRequestSchema, { token: 't', option_id: 'o' }).success).toBe(
      true,
    );
  });

  it('reject unknown types, empty tokens and extra members', () => {
    expect(v.safeParse(eventRequestSchema, { token: 't', type: 'accepted' }).success).toBe(false);
    expect(v.safeParse(eventRequestSchema, { token: '', type: 'viewed' }).success).toBe(false);
    expect(
      v.safeParse(fulfillmentRequestSchema, { token: 't', option_id: 'o', customer_id: 'c' })
        .success,
    ).toBe(false);
  });
});

describe('isWellFormed', () => {
  it('tells lone surrogates from pairs', () => {
    expect(isWellFormed('😀')).toBe(true);
    expect(isWellFormed('\ud800')).toBe(false);
    expect(isWellFormed('a\udc00b')).toBe(false);
  });
});
