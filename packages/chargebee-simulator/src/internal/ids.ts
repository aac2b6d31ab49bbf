/** `n` random lower-case hex characters (Web Crypto, so it works in browsers too). */
export function randomHex(n: number): string {
  const bytes = new Uint8Array(Math.ceil(n / 2));
  globalThis.crypto.getRandomValues(bytes);
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out.slice(0, n);
}

/** A Chargebee-looking id with a prefix, e.g. `gb_3f9a…`. */
export function prefixedId(prefix: string): string {
  return `${prefix}_${randomHex(16)}`;
}
