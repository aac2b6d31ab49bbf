import { describe, expect, it } from 'vitest';
import { readCookie, sessionCookie, signSession, verifySession } from './session';

const secret = 'a-test-secret-that-is-long-enough-0123456789';

describe('demo session cookie', () => {
  it('verifies a value it signed and returns the user id', () => {
    expect(verifySession(signSession('alice', secret), secret)).toBe('alice');
  });

  it('rejects a bare user id, a customer id and an empty value', () => {
    expect(verifySession('alice', secret)).toBeNull();
    expect(verifySession('cus_acme', secret)).toBeNull();
    expect(verifySession('', secret)).toBeNull();
    expect(verifySession(undefined, secret)).toBeNull();
  });

  it("rejects another user's id with a valid signature", () => {
    const carol = signSession('carol', secret);
    const signature = carol.slice(carol.indexOf('.') + 1);
    expect(verifySession(`alice.${signature}`, secret)).toBeNull();
  });

  it('rejects a value signed with another secret', () => {
    expect(verifySession(signSession('alice', `${secret}-other`), secret)).toBeNull();
  });

  it('rejects a truncated or extended signature', () => {
    const value = signSession('alice', secret);
    expect(verifySession(value.slice(0, -1), secret)).toBeNull();
    expect(verifySession(`${value}A`, secret)).toBeNull();
  });

  it('refuses to sign an id that is not a plain user id', () => {
    expect(() => signSession('alice.bob', secret)).toThrow();
    expect(() => signSession('', secret)).toThrow();
  });

  it('reads one cookie from a Cookie header', () => {
    expect(readCookie('a=1; upsell_demo_session=alice.x%2Dy; b=2', 'upsell_demo_session')).toBe(
      'alice.x-y',
    );
    expect(readCookie('a=1', 'upsell_demo_session')).toBeUndefined();
    expect(readCookie(null, 'upsell_demo_session')).toBeUndefined();
    expect(readCookie('upsell_demo_session=%E0%A4%A', 'upsell_demo_session')).toBeUndefined();
  });

  it('sets the cookie httpOnly and SameSite=Lax for the whole site', () => {
    const header = sessionCookie('alice.sig', { secure: false });
    expect(header).toContain('HttpOnly');
    expect(header).toContain('SameSite=Lax');
    expect(header).toContain('Path=/');
    expect(header).not.toContain('Secure');
    expect(sessionCookie('alice.sig', { secure: true })).toContain('Secure');
  });
});
