import { describe, expect, it } from 'vitest';
import { matchesRule, type AudienceSubject } from './audience';

const subject = (over: Partial<AudienceSubject> = {}): AudienceSubject => ({
  customer_id: 'cust_1',
  subscription_id: 'sub_1',
  email: 'ada@example.com',
  roles: ['admin', 'billing'],
  custom: { storage_used_percent: 82, plan: 'pro', beta: true, numeric_text: '95' },
  request_context: { locale: 'de-DE' },
  ...over,
});

describe('matchesRule', () => {
  it.each([
    ['>=', 82, true],
    ['>=', 83, false],
    ['>', 81, true],
    ['>', 82, false],
    ['<=', 82, true],
    ['<=', 81, false],
    ['<', 83, true],
    ['<', 82, false],
    ['=', 82, true],
    ['=', 80, false],
    ['!=', 80, true],
    ['!=', 82, false],
  ] as const)('compares numbers with %s %s → %s', (operator, value, expected) => {
    expect(matchesRule({ field: 'custom.storage_used_percent', operator, value }, subject())).toBe(
      expected,
    );
  });

  it('coerces numeric strings on either side', () => {
    expect(
      matchesRule({ field: 'custom.numeric_text', operator: '>=', value: 90 }, subject()),
    ).toBe(true);
    expect(
      matchesRule({ field: 'custom.storage_used_percent', operator: '<', value: '90' }, subject()),
    ).toBe(true);
  });

  it('never orders non-numbers', () => {
    expect(matchesRule({ field: 'custom.plan', operator: '>', value: 'a' }, subject())).toBe(false);
  });

  it('matches strings, booleans and lists with =, != and in', () => {
    expect(matchesRule({ field: 'custom.plan', operator: '=', value: 'pro' }, subject())).toBe(
      true,
    );
    expect(matchesRule({ field: 'custom.plan', operator: '!=', value: 'pro' }, subject())).toBe(
      false,
    );
    expect(
      matchesRule({ field: 'custom.plan', operator: 'in', value: ['free', 'pro'] }, subject()),
    ).toBe(true);
    expect(matchesRule({ field: 'custom.plan', operator: 'in', value: ['free'] }, subject())).toBe(
      false,
    );
    expect(matchesRule({ field: 'custom.beta', operator: '=', value: true }, subject())).toBe(true);
  });

  it('matches identity and request context fields', () => {
    expect(
      matchesRule({ field: 'email', operator: '=', value: 'ada@example.com' }, subject()),
    ).toBe(true);
    expect(
      matchesRule(
        { field: 'subscription_id', operator: 'in', value: ['sub_1', 'sub_2'] },
        subject(),
      ),
    ).toBe(true);
    expect(matchesRule({ field: 'customer_id', operator: '!=', value: 'cust_1' }, subject())).toBe(
      false,
    );
    expect(
      matchesRule({ field: 'request_context.locale', operator: '=', value: 'de-DE' }, subject()),
    ).toBe(true);
  });

  it('treats roles as a set: = / in means "has one", != means "has none"', () => {
    expect(matchesRule({ field: 'roles', operator: '=', value: 'admin' }, subject())).toBe(true);
    expect(
      matchesRule({ field: 'roles', operator: 'in', value: ['owner', 'billing'] }, subject()),
    ).toBe(true);
    expect(matchesRule({ field: 'roles', operator: 'in', value: ['owner'] }, subject())).toBe(
      false,
    );
    expect(matchesRule({ field: 'roles', operator: '!=', value: 'owner' }, subject())).toBe(true);
    expect(matchesRule({ field: 'roles', operator: '!=', value: 'admin' }, subject())).toBe(false);
  });

  it('never matches a missing field, whatever the operator', () => {
    const bare = subject({ custom: {}, roles: undefined });
    expect(
      matchesRule({ field: 'custom.storage_used_percent', operator: '!=', value: 1 }, bare),
    ).toBe(false);
    expect(matchesRule({ field: 'roles', operator: '!=', value: 'x' }, bare)).toBe(false);
  });

  it('combines rules with all / any, nested', () => {
    const high = { field: 'custom.storage_used_percent', operator: '>=', value: 80 } as const;
    const free = { field: 'custom.plan', operator: '=', value: 'free' } as const;
    const admin = { field: 'roles', operator: '=', value: 'admin' } as const;
    expect(matchesRule({ all: [high, free] }, subject())).toBe(false);
    expect(matchesRule({ any: [high, free] }, subject())).toBe(true);
    expect(matchesRule({ all: [high, { any: [free, admin] }] }, subject())).toBe(true);
    expect(matchesRule({ all: [high, { any: [free] }] }, subject())).toBe(false);
    expect(matchesRule({ any: [] }, subject())).toBe(false);
    expect(matchesRule({ all: [] }, subject())).toBe(true);
  });
});
