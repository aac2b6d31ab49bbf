import { describe, expect, it } from 'vitest';
import { createOfferTokenSigner, type OfferTokenClaims } from './offer-token';

const claims: OfferTokenClaims = {
  personalizedOfferId: 'vdyjO2qlLD_715653d4',
  offerId: 'vdyjO2qlLD',
  options: [
    { id: '6cd5280e', processingType: 'billing_update' },
    { id: 'ünïcødé', processingType: 'webhook' },
  ],
  customerId: 'cus_acme',
  subscriptionId: null,
  expiresAt: 1_732_790_400,
};

describe('createOfferTokenSigner', () => {
  it('round-trips the claims', async () => {
    const signer = createOfferTokenSigner('token-test-secret-0123456789abcdef012345');
    const token = await signer.sign(claims);
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(await signer.verify(token)).toEqual(claims);
  });

  it('round-trips a placement; a token without one (signed before placements) still verifies', async () => {
    const signer = createOfferTokenSigner('token-test-secret-0123456789abcdef012345');
    const placed = { ...claims, placementId: 'dashboard-storage' };
    expect(await signer.verify(await signer.sign(placed))).toEqual(placed);
    const plain = await signer.verify(await signer.sign(claims));
    expect(plain).not.toHaveProperty('placementId');
  });

  it('rejects every single-character change, truncation and another secret', async () => {
    const signer = createOfferTokenSigner('token-test-secret-0123456789abcdef012345');
    const token = await signer.sign(claims);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    for (let i = 0; i < token.length; i++) {
      if (token[i] === '.') continue;
      const replacement = alphabet[(alphabet.indexOf(token[i]!) + 1) % alphabet.length];
      const changed = token.slice(0, i) + replacement + token.slice(i + 1);
      // A change in the last character's unused bits can decode to the same bytes: compare bytes.
      const verified = await signer.verify(changed);
      if (verified) expect(changed.slice(0, -1)).toBe(token.slice(0, -1));
    }
    for (let length = 0; length < token.length; length += 7) {
      expect(await signer.verify(token.slice(0, length))).toBeNull();
    }
    const other = createOfferTokenSigner('another-secret-0123456789abcdef0123456789');
    expect(await other.verify(token)).toBeNull();
  });

  it('rejects well-signed payloads that are not claims', async () => {
    const secret = 'token-test-secret-0123456789abcdef012345';
    const key = await crypto.subtle.importKey(
      'raw',
      new TextEncoder().encode(secret),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign'],
    );
    const b64 = (bytes: Uint8Array) =>
      btoa(String.fromCharCode(...bytes))
        .replace(/\+/g, '-')
        .replace(/\//g, '_')
        .replace(/=+$/, '');
    const signer = createOfferTokenSigner(secret);
    for (const payload of [
      '{}',
      '[2,"a","b",[],"c",null,1]',
      '[1,"a","b",[["x","teleport"]],"c",null,1]',
      'not json',
    ]) {
      const encoded = b64(new TextEncoder().encode(payload));
      const mac = new Uint8Array(
        await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(encoded)),
      );
      expect(await signer.verify(`${encoded}.${b64(mac)}`)).toBeNull();
    }
  });
});
