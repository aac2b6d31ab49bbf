// HMAC-SHA256 for offer tokens, synchronous: `@noble/hashes` (audited, dependency-free, plain
// JavaScript, so it runs the same on Node, edge runtimes and in browsers).
//
// Why not `crypto.subtle.sign`: every Web Crypto call is an asynchronous job (a thread-pool round
// trip on Node) that costs ~20–50 µs of CPU for a ~200-byte token, a tenth of a whole request in
// `pnpm bench`; this costs ~3 µs. The tests check it against Web Crypto and the RFC 4231 vectors.
import { hmac } from '@noble/hashes/hmac';
import { sha256 } from '@noble/hashes/sha2';

/** HMAC-SHA256 with a fixed key: the padded key blocks are hashed once, here, and cloned per MAC. */
export function createHmacSha256(key: Uint8Array): (message: Uint8Array) => Uint8Array {
  const keyed = hmac.create(sha256, key);
  return (message) => keyed.clone().update(message).digest();
}

/** Compares two byte strings in time that depends on their length only. */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}
