import { describe, expect, it } from 'vitest';
import { createHmacSha256, equalBytes } from './hmac-sha256';
import { createOfferTokenSigner } from './offer-token';

const hex = (bytes: Uint8Array) =>
  Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
const fromHex = (text: string) =>
  new Uint8Array(text.match(/../g)!.map((pair) => Number.parseInt(pair, 16)));
const utf8 = (text: string) => new TextEncoder().encode(text);

async function webCryptoHmac(key: Uint8Array, message: Uint8Array): Promise<Uint8Array> {
  const imported = await crypto.subtle.importKey(
    'raw',
    new Uint8Array(key),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  return new Uint8Array(await crypto.subtle.sign('HMAC', imported, new Uint8Array(message)));
}

describe('createHmacSha256', () => {
  // RFC 4231, test cases 1, 2, 4, 6 and 7 (6 and 7: keys longer than a block).
  it.each([
    [
      '0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b',
      hex(utf8('Hi There')),
      'b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7',
    ],
    [
      hex(utf8('Jefe')),
      hex(utf8('what do ya want for nothing?')),
      '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    ],
    [
      '0102030405060708090a0b0c0d0e0f10111213141516171819',
      'cd'.repeat(50),
      '82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b',
    ],
    [
      'aa'.repeat(131),
      hex(utf8('Test Using Larger Than Block-Size Key - Hash Key First')),
      '60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54',
    ],
    [
      'aa'.repeat(131),
      hex(
        utf8(
          'This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.',
        ),
      ),
      '9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2',
    ],
  ])('RFC 4231 key %s', (key, message, mac) => {
    expect(hex(createHmacSha256(fromHex(key))(fromHex(message)))).toBe(mac);
  });

  it('matches Web Crypto for random keys and messages of every size', async () => {
    for (let round = 0; round < 150; round++) {
      const key = crypto.getRandomValues(new Uint8Array(1 + (round % 140)));
      const message = crypto.getRandomValues(new Uint8Array((round * 7) % 300));
      const hmac = createHmacSha256(key);
      const other = crypto.getRandomValues(new Uint8Array(round % 90));
      expect(hex(hmac(message))).toBe(hex(await webCryptoHmac(key, message)));
      // The keyed instance is reused: no state leaks from one MAC into the next.
      expect(hex(hmac(other))).toBe(hex(await webCryptoHmac(key, other)));
      expect(hex(hmac(message))).toBe(hex(await webCryptoHmac(key, message)));
    }
  });
});

describe('equalBytes', () => {
  it('is true only for the same bytes', () => {
    expect(equalBytes(utf8('abc'), utf8('abc'))).toBe(true);
    expect(equalBytes(utf8('abc'), utf8('abd'))).toBe(false);
    expect(equalBytes(utf8('abc'), utf8('ab'))).toBe(false);
  });
});

it('offer tokens are signed exactly as Web Crypto would: tokens issued before still verify', async () => {
  const secret = 'token-compat-secret-0123456789abcdef0123';
  const signer = createOfferTokenSigner(secret);
  const token = await signer.sign({
    personalizedOfferId: 'po_1',
    offerId: 'o_1',
    options: [{ id: 'opt_ü', processingType: 'webhook' }],
    customerId: 'cus_1',
    subscriptionId: 'sub_1',
    expiresAt: 2_000_000_000,
  });
  const [payload = '', mac = ''] = token.split('.');
  const expected = await webCryptoHmac(utf8(secret), utf8(payload));
  const base64url = btoa(String.fromCharCode(...expected))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
  expect(mac).toBe(base64url);
  expect(await signer.verify(`${payload}.${base64url}`)).not.toBeNull();
});
