import { describe, expect, it } from 'vitest';
import { checkIdentity, IdentityConfigurationError } from './check-identity';

const x = (n: number) => 'x'.repeat(n);

describe('checkIdentity', () => {
  it('keeps a valid identity as it is', () => {
    const identity = {
      customerId: x(50),
      subscriptionId: x(50),
      firstName: x(150),
      lastName: 'Lovelace',
      email: `${x(58)}@example.com`,
      roles: ['admin', x(50)],
      externalUserId: x(50),
    };
    expect(checkIdentity(identity)).toEqual({ identity, dropped: [] });
  });

  it.each([
    [{ email: 'not-an-address' }, 'email', 'valid email'],
    [{ email: `${x(59)}@example.com` }, 'email', '70'],
    [{ firstName: x(151) }, 'firstName', '150'],
    [{ lastName: x(151) }, 'lastName', '150'],
    [{ externalUserId: x(51) }, 'externalUserId', '50'],
  ] as const)('drops an invalid optional field %j and says why', (extra, field, reason) => {
    const { identity, dropped } = checkIdentity({ customerId: 'c', subscriptionId: 's', ...extra });
    expect(identity).toEqual({ customerId: 'c', subscriptionId: 's' });
    expect(dropped).toHaveLength(1);
    expect(dropped[0]?.field).toBe(field);
    expect(dropped[0]?.reason).toContain(reason);
  });

  it('drops only the roles Chargebee would refuse', () => {
    const { identity, dropped } = checkIdentity({ customerId: 'c', roles: ['ok', x(51), ''] });
    expect(identity.roles).toEqual(['ok']);
    expect(dropped).toEqual([{ field: 'roles', reason: expect.stringContaining('2 role(s)') }]);
  });

  it.each([
    [{ customerId: '' }, 'without a customerId'],
    [{ customerId: x(51) }, 'customerId of 51 characters'],
    [{ customerId: 'c', subscriptionId: x(51) }, 'subscriptionId of 51 characters'],
  ])('refuses %j with a configuration error', (identity, message) => {
    expect(() => checkIdentity(identity)).toThrow(IdentityConfigurationError);
    expect(() => checkIdentity(identity)).toThrow(message);
  });
});
