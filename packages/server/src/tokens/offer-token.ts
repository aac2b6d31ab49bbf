import { isProcessingType, type ProcessingType } from '@upsell-kit/core';
import { createHmacSha256, equalBytes } from './hmac-sha256';

/** What an offer token proves: this offer, with these options, was issued to this customer. */
export interface OfferTokenClaims {
  personalizedOfferId: string;
  offerId: string;
  options: { id: string; processingType: ProcessingType }[];
  customerId: string;
  subscriptionId: string | null;
  /** Unix seconds. */
  expiresAt: number;
  /**
   * The placement the offers were fetched for (`placement_id`), so that the display its `viewed`
   * records counts against that placement's frequency cap. Absent: counted app-wide only.
   */
  placementId?: string;
}

const VERSION = 1;

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array<ArrayBuffer> | null {
  if (!/^[A-Za-z0-9_-]+$/.test(text) || text.length % 4 === 1) return null;
  try {
    const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  } catch {
    return null;
  }
}

const isString = (value: unknown): value is string => typeof value === 'string';

function parseClaims(payload: unknown): OfferTokenClaims | null {
  // Seven members, or eight with a placement (tokens signed before placements stay valid).
  if (!Array.isArray(payload) || payload[0] !== VERSION) return null;
  if (payload.length !== 7 && payload.length !== 8) return null;
  const [
    ,
    personalizedOfferId,
    offerId,
    options,
    customerId,
    subscriptionId,
    expiresAt,
    placement,
  ] = payload;
  if (payload.length === 8 && !isString(placement)) return null;
  if (!isString(personalizedOfferId) || !isString(offerId) || !isString(customerId)) return null;
  if (subscriptionId !== null && !isString(subscriptionId)) return null;
  if (typeof expiresAt !== 'number' || !Number.isFinite(expiresAt)) return null;
  if (!Array.isArray(options)) return null;
  const parsed: OfferTokenClaims['options'] = [];
  for (const option of options) {
    if (!Array.isArray(option) || option.length !== 2) return null;
    const [id, processingType] = option;
    if (!isString(id) || !isProcessingType(processingType)) return null;
    parsed.push({ id, processingType });
  }
  return {
    personalizedOfferId,
    offerId,
    options: parsed,
    customerId,
    subscriptionId,
    expiresAt,
    ...(isString(placement) ? { placementId: placement } : {}),
  };
}

/** Signs and verifies offer tokens with HMAC-SHA256 (plain JavaScript: runs on Node, edge runtimes and in browsers). */
export interface OfferTokenSigner {
  sign(claims: OfferTokenClaims): Promise<string>;
  /** The claims when the signature is valid, `null` for anything tampered, truncated or garbled. */
  verify(token: string): Promise<OfferTokenClaims | null>;
}

/**
 * A token is `base64url(JSON claims) "." base64url(HMAC-SHA256(secret, first part))`. The claims
 * are not secret (ids the browser already has); the MAC makes them unforgeable.
 */
export function createOfferTokenSigner(secret: string): OfferTokenSigner {
  // Plain-JS HMAC (see hmac-sha256.ts): the same bytes as Web Crypto's HMAC-SHA256, at a fraction
  // of its cost per call.
  const hmac = createHmacSha256(encoder.encode(secret));

  return {
    async sign(claims) {
      const payload = toBase64Url(
        encoder.encode(
          JSON.stringify([
            VERSION,
            claims.personalizedOfferId,
            claims.offerId,
            claims.options.map((option) => [option.id, option.processingType]),
            claims.customerId,
            claims.subscriptionId,
            claims.expiresAt,
            ...(claims.placementId === undefined ? [] : [claims.placementId]),
          ]),
        ),
      );
      return `${payload}.${toBase64Url(hmac(encoder.encode(payload)))}`;
    },

    async verify(token) {
      const parts = token.split('.');
      if (parts.length !== 2) return null;
      const [payload = '', macText = ''] = parts;
      const mac = fromBase64Url(macText);
      if (!mac || mac.length !== 32 || payload.length === 0) return null;
      // Constant-time comparison of the MACs.
      if (!equalBytes(hmac(encoder.encode(payload)), mac)) return null;
      const bytes = fromBase64Url(payload);
      if (!bytes) return null;
      try {
        return parseClaims(JSON.parse(decoder.decode(bytes)));
      } catch {
        return null;
      }
    },
  };
}
