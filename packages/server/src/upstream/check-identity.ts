import type { Identity } from '@upsell-kit/core';

/** Chargebee's limits on `personalized_offers` identity fields (characters). */
const IDENTITY_LIMITS = {
  customerId: 50,
  subscriptionId: 50,
  firstName: 150,
  lastName: 150,
  email: 70,
  role: 50,
  externalUserId: 50,
} as const;

// Deliberately loose (one @, no spaces, a dot in the domain): it refuses what Chargebee surely
// refuses and no more, since a dropped email costs personalization only.
const EMAIL = /^[^\s@]+@[^\s@.]+(?:\.[^\s@.]+)+$/;

/** An identity field dropped before the upstream call, and why. */
export interface DroppedIdentityField {
  field: 'firstName' | 'lastName' | 'email' | 'roles' | 'externalUserId';
  reason: string;
}

/** The identity `identify()` returned is one Chargebee refuses: a bug in the app's configuration. */
export class IdentityConfigurationError extends TypeError {
  override name = 'IdentityConfigurationError';
}

function requiredId(value: unknown, name: 'customerId' | 'subscriptionId'): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new IdentityConfigurationError(`identify() returned an identity without a ${name}.`);
  }
  if (value.length > IDENTITY_LIMITS[name]) {
    throw new IdentityConfigurationError(
      `identify() returned a ${name} of ${value.length} characters; Chargebee allows at most ${IDENTITY_LIMITS[name]}.`,
    );
  }
  return value;
}

/**
 * Checks an identity against Chargebee's limits before it is sent. An invalid `customerId` or
 * `subscriptionId` (they decide whose offers these are) throws
 * {@link IdentityConfigurationError}; an invalid optional field is dropped and reported, so that
 * the user still gets offers (one bad email would otherwise make every `/offers` a `502`).
 */
export function checkIdentity(identity: Identity): {
  identity: Identity;
  dropped: DroppedIdentityField[];
} {
  const dropped: DroppedIdentityField[] = [];
  const out: Identity = { customerId: requiredId(identity.customerId, 'customerId') };
  if (identity.subscriptionId !== undefined && identity.subscriptionId !== null) {
    out.subscriptionId = requiredId(identity.subscriptionId, 'subscriptionId');
  }
  const text = (
    field: 'firstName' | 'lastName' | 'externalUserId',
    max: number,
  ): string | undefined => {
    const value: unknown = identity[field];
    if (value === undefined || value === null || value === '') return undefined;
    if (typeof value !== 'string') dropped.push({ field, reason: 'not a string' });
    else if (value.length > max) dropped.push({ field, reason: `longer than ${max} characters` });
    else return value;
    return undefined;
  };
  const firstName = text('firstName', IDENTITY_LIMITS.firstName);
  if (firstName !== undefined) out.firstName = firstName;
  const lastName = text('lastName', IDENTITY_LIMITS.lastName);
  if (lastName !== undefined) out.lastName = lastName;
  const externalUserId = text('externalUserId', IDENTITY_LIMITS.externalUserId);
  if (externalUserId !== undefined) out.externalUserId = externalUserId;

  const email: unknown = identity.email;
  if (email !== undefined && email !== null && email !== '') {
    if (typeof email !== 'string' || !EMAIL.test(email)) {
      dropped.push({ field: 'email', reason: 'not a valid email address' });
    } else if (email.length > IDENTITY_LIMITS.email) {
      dropped.push({ field: 'email', reason: `longer than ${IDENTITY_LIMITS.email} characters` });
    } else out.email = email;
  }

  const roles: unknown = identity.roles;
  if (roles !== undefined && roles !== null) {
    if (!Array.isArray(roles)) dropped.push({ field: 'roles', reason: 'not a list' });
    else {
      const kept = roles.filter(
        (role): role is string =>
          typeof role === 'string' && role !== '' && role.length <= IDENTITY_LIMITS.role,
      );
      if (kept.length !== roles.length) {
        dropped.push({
          field: 'roles',
          reason: `${roles.length - kept.length} role(s) not a string of 1 to ${IDENTITY_LIMITS.role} characters`,
        });
      }
      if (kept.length > 0) out.roles = kept;
    }
  }
  return { identity: out, dropped };
}
