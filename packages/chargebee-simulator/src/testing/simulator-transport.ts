import type { Simulator } from '../simulator';

/** One request as `@upsell-kit/server`'s SDK client hands it to its transport. */
export interface UpsellTestTransportRequest {
  /** Absolute URL (`baseUrl` applied). */
  url: string;
  /** `GET` or `POST`. */
  method: string;
  /** The SDK's headers, Basic auth included. */
  headers: Headers;
  /** The complete body, `undefined` for `GET`. */
  body: Uint8Array<ArrayBuffer> | undefined;
  /** Aborted when the handler's timeout runs out. */
  signal: AbortSignal;
}

/** The whole answer, as `@upsell-kit/server`'s transport contract wants it. */
export interface UpsellTestTransportResponse {
  status: number;
  statusText: string;
  headers: Headers;
  body: Uint8Array<ArrayBuffer>;
}

/**
 * `@upsell-kit/server`'s `UpstreamTransport`, structurally (the simulator does not depend on the
 * server): a request in, the complete answer out.
 */
export type UpsellTestTransport = (
  request: UpsellTestTransportRequest,
) => Promise<UpsellTestTransportResponse>;

/**
 * A transport that answers with `sim.handle`, in process, as the network would: it rejects with a
 * `TypeError` on a dropped connection (a fault) and with the signal's reason once the handler's
 * timeout aborts it (a latency fault longer than `timeoutMs`), the two cases the server's
 * transport contract names.
 */
export function simulatorTransport(sim: Simulator): UpsellTestTransport {
  return ({ url, method, headers, body, signal }) =>
    new Promise((resolve, reject) => {
      if (signal.aborted) return reject(signal.reason);
      const onAbort = () => reject(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
      const request = new Request(url, { method, headers, ...(body ? { body } : {}) });
      sim
        .handle(request)
        .then(async (response) => {
          if (response.type === 'error') throw new TypeError('fetch failed: connection dropped');
          return {
            status: response.status,
            statusText: response.statusText,
            headers: response.headers,
            body: new Uint8Array(await response.arrayBuffer()),
          };
        })
        .then(resolve, reject)
        .finally(() => signal.removeEventListener('abort', onAbort));
    });
}
