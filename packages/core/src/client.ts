import { ERROR_STATUS, UpsellError, isErrorCode } from './errors';
import type { ErrorCode } from './errors';
import type {
  ErrorDebug,
  EventRequest,
  Fulfillment,
  FulfillmentCreateResponse,
  FulfillmentRequest,
  FulfillmentResponse,
  OffersRequest,
  OffersResponse,
} from './types';

/** Options of {@link createUpsellClient}. */
export interface UpsellClientOptions {
  /**
   * Where the app mounted `@upsell-kit/server`: the app's own server, never a third-party host.
   * @default '/api/upsell'
   * @example createUpsellClient({ baseUrl: '/internal/upsell' })
   */
  baseUrl?: string;
  /**
   * The `fetch` to use, e.g. one that adds tracing. Resolved at call time, so a `fetch` patched
   * after the client was created (MSW, a test double) is honoured.
   * @default globalThis.fetch
   * @example createUpsellClient({ fetch: (input, init) => myFetch(input, init) })
   */
  fetch?: typeof fetch;
  /**
   * Extra headers sent with every request, e.g. a CSRF token. `content-type` can not be changed.
   * @default {}
   * @example createUpsellClient({ headers: { 'x-csrf-token': token } })
   */
  headers?: Record<string, string>;
}

/** Per-call options of the reading methods. */
export interface UpsellRequestOptions {
  /**
   * Cancels the request. An aborted call rejects with the signal's reason (an `AbortError`
   * `DOMException` by default), not with an {@link UpsellError}.
   * @default undefined
   * @example client.getOffers(body, { signal: controller.signal })
   */
  signal?: AbortSignal;
}

/** Options of {@link UpsellClient.pollFulfillment}. */
export interface PollFulfillmentOptions extends UpsellRequestOptions {
  /**
   * Give up after this long and resolve with `timedOut: true` and the last fulfillment read.
   * @default 30_000
   * @example client.pollFulfillment(id, token, { timeoutMs: 60_000 })
   */
  timeoutMs?: number;
  /**
   * Wait before the first status read; each later wait doubles, up to `maxDelayMs`.
   * @default 1000
   * @example client.pollFulfillment(id, token, { initialDelayMs: 500 })
   */
  initialDelayMs?: number;
  /**
   * The longest wait between two status reads.
   * @default 8000
   * @example client.pollFulfillment(id, token, { maxDelayMs: 5000 })
   */
  maxDelayMs?: number;
  /**
   * Called with every fulfillment read, e.g. to show progress.
   * @default undefined
   * @example client.pollFulfillment(id, token, { onUpdate: (f) => console.log(f.status) })
   */
  onUpdate?: (fulfillment: Fulfillment) => void;
}

/** What {@link UpsellClient.pollFulfillment} resolves with. */
export interface PollFulfillmentResult {
  /** The last fulfillment read: `completed`, `failed`, or still `in_progress` when timed out. */
  fulfillment: Fulfillment;
  /** `true` when the fulfillment was still `in_progress` at `timeoutMs`. */
  timedOut: boolean;
}

/** What {@link UpsellClient.createFulfillment} resolves with. */
export interface FulfillmentCreateResult extends FulfillmentCreateResponse {
  /** `true` when the offer had already been accepted through this server (HTTP 200). */
  replayed: boolean;
}

/**
 * The browser side of the HTTP contract. Every method rejects with an {@link UpsellError}:
 * the contract's `code`, `message`, `status` and `retryAfter` for an error response,
 * `internal_error` for a response that is not the contract's, `network_error` (status 0) when
 * no response arrived.
 */
export interface UpsellClient {
  /**
   * `POST /offers`: the personalized offers for the signed-in customer and this usage context.
   * @example const { offers } = await client.getOffers({ custom: { storage_used_percent: 82 } })
   */
  getOffers(body: OffersRequest, init?: UpsellRequestOptions): Promise<OffersResponse>;
  /**
   * `POST /events`: records a display or a dismissal. Sent with `keepalive` so that it survives
   * page unload, and retried once on a network failure (never on an HTTP error).
   * @example await client.sendEvent({ token: offer.token, type: 'viewed' })
   */
  sendEvent(body: EventRequest): Promise<void>;
  /**
   * `POST /fulfillments`: accepts an offer option. `replayed` is `true` when the server already
   * held a fulfillment for this offer (a double click, a second tab) and returned it.
   * @example const { fulfillment, hosted_page } = await client.createFulfillment({ token, option_id })
   */
  createFulfillment(body: FulfillmentRequest): Promise<FulfillmentCreateResult>;
  /**
   * `GET /fulfillments/{id}?token=…`: one status read.
   * @example const { fulfillment } = await client.getFulfillment(id, offer.token)
   */
  getFulfillment(
    id: string,
    token: string,
    init?: UpsellRequestOptions,
  ): Promise<FulfillmentResponse>;
  /**
   * Reads the fulfillment's status with exponential backoff (1 s, 2 s, 4 s, 8 s, 8 s … by
   * default, plus a last read at the deadline) until it is `completed` or `failed`, or until
   * `timeoutMs`. `Retry-After` on 429 / 503 is honoured; 502, 503, 504, 429 and network
   * failures are retried, other errors reject.
   * @example
   * const { fulfillment, timedOut } = await client.pollFulfillment(f.id, offer.token, { signal })
   */
  pollFulfillment(
    id: string,
    token: string,
    options?: PollFulfillmentOptions,
  ): Promise<PollFulfillmentResult>;
}

/** A response body, read field by field: nothing is trusted before it is checked. */
type Body = { [key: string]: Body } | undefined;

// Any status string: one the kit does not know yet is not final (polling goes on).
const isFulfillment = (f: Body) =>
  typeof f?.id === 'string' && typeof f.option_id === 'string' && typeof f.status === 'string';

const isOffers = (data: Body) =>
  Array.isArray(data?.offers) &&
  (data.offers as Body[]).every(
    (offer) =>
      typeof offer?.id === 'string' &&
      typeof offer.token === 'string' &&
      typeof offer.content?.title === 'string' &&
      typeof offer.content.description === 'string' &&
      Array.isArray(offer.options),
  );

/** The contract's code for a status, for error responses that do not carry the envelope. */
const codeForStatus = (status: number) =>
  (Object.keys(ERROR_STATUS) as ErrorCode[]).find((code) => ERROR_STATUS[code] === status) ??
  'internal_error';

/**
 * Retried by polling (after `Retry-After` when given): the server, its store or the network may
 * recover. Any 5xx counts, with the envelope or without (a proxy's 502 page, a 500 during a
 * deploy): a fulfillment's status never depends on one read.
 */
const isTransient = (error: UpsellError): boolean =>
  error.code === 'network_error' || error.code === 'rate_limited' || error.status >= 500;

const sleep = (ms: number, signal: AbortSignal | undefined) =>
  new Promise<void>((resolve, reject) => {
    signal?.throwIfAborted();
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    // The listener goes with the timer: a long-lived signal must not collect one per wait.
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/**
 * Creates the browser client of the HTTP contract. Touches no browser global until a method is
 * called, so it can be created at module scope and during server rendering.
 *
 * @example
 * const client = createUpsellClient();
 * const { offers } = await client.getOffers({ custom: { storage_used_percent: 82 } });
 */
export function createUpsellClient(options: UpsellClientOptions = {}): UpsellClient {
  const baseUrl = (options.baseUrl ?? '/api/upsell').replace(/\/+$/, '');

  /**
   * One request of the contract. Resolves with the body and status of a 2xx answer that `valid`
   * accepts; rejects with the contract's error, `internal_error` for anything else, or the
   * signal's reason when aborted.
   */
  async function request(
    path: string,
    valid: (data: Body) => boolean,
    body?: object,
    signal?: AbortSignal,
  ): Promise<[data: Body, status: number]> {
    let response: Response | undefined;
    let data: Body;
    try {
      response = await (options.fetch ?? fetch)(baseUrl + path, {
        method: body ? 'POST' : 'GET',
        headers: {
          accept: 'application/json',
          ...options.headers,
          ...(body && { 'content-type': 'application/json' }),
        },
        credentials: 'same-origin',
        body: body && JSON.stringify(body),
        // Events survive page unload.
        keepalive: path === '/events',
        signal,
      });
      const text = await response.text();
      data = text ? JSON.parse(text) : undefined;
    } catch (cause) {
      // An abort is the caller's decision, not a failure: pass its reason on as fetch does.
      if (signal?.aborted) throw signal.reason;
      if (!response) {
        throw new UpsellError('network_error', 'The upsell server could not be reached.', {
          cause,
        });
      }
    }
    const { status, ok } = response;
    if (ok && valid(data)) return [data, status];
    const error = data?.error;
    const known = !ok && isErrorCode(error?.code) && typeof error?.message === 'string';
    const retryAfter = parseInt(response.headers.get('retry-after') as string);
    throw new UpsellError(
      known ? (error?.code as unknown as ErrorCode) : ok ? 'internal_error' : codeForStatus(status),
      known ? String(error?.message) : `Unexpected answer (HTTP ${status}) from the upsell server.`,
      {
        status,
        retryAfter: retryAfter >= 0 ? retryAfter : undefined,
        // Development only (a server with `debug: true`): kept for the "why no offer?" panel.
        debug: known ? (data?.debug as unknown as ErrorDebug | undefined) : undefined,
      },
    );
  }

  const getFulfillment = async (id: string, token: string, init: UpsellRequestOptions = {}) =>
    (
      await request(
        `/fulfillments/${encodeURIComponent(id)}?token=${encodeURIComponent(token)}`,
        (data) => isFulfillment(data?.fulfillment),
        undefined,
        init.signal,
      )
    )[0] as unknown as FulfillmentResponse;

  return {
    getOffers: async (body, init = {}) =>
      (await request('/offers', isOffers, body, init.signal))[0] as unknown as OffersResponse,

    async sendEvent(body) {
      const send = () => request('/events', () => true, body);
      // One retry when no answer arrived (never on an HTTP error: the server did answer).
      await send().catch((error: unknown) => {
        if (!(error instanceof UpsellError && error.code === 'network_error')) throw error;
        return send();
      });
    },

    async createFulfillment(body) {
      const [data, status] = await request(
        '/fulfillments',
        (data) =>
          isFulfillment(data?.fulfillment) &&
          (data?.hosted_page === null || typeof data?.hosted_page?.url === 'string'),
        body,
      );
      return { ...(data as unknown as FulfillmentCreateResponse), replayed: status === 200 };
    },

    getFulfillment,

    async pollFulfillment(id, token, poll = {}) {
      const { signal, timeoutMs = 30_000, maxDelayMs = 8000, onUpdate } = poll;
      const deadline = Date.now() + timeoutMs;
      let delay = poll.initialDelayMs ?? 1000;
      let wait = delay;
      let last: Fulfillment | undefined;
      for (;;) {
        // Never sleep past the deadline: one last read there, then give up.
        await sleep(Math.min(wait, deadline - Date.now()), signal);
        let failure: unknown;
        let pause = 0;
        try {
          last = (await getFulfillment(id, token, { signal })).fulfillment;
          onUpdate?.(last);
          if (last.status === 'completed' || last.status === 'failed')
            return { fulfillment: last, timedOut: false };
        } catch (error) {
          if (!(error instanceof UpsellError && isTransient(error))) throw error;
          failure = error;
          pause = (error.retryAfter ?? 0) * 1000;
        }
        delay = Math.min(delay * 2, maxDelayMs);
        wait = Math.max(delay, pause);
        // At the deadline, or asked (Retry-After) to pause beyond it: stop without another read.
        if (Date.now() + pause > deadline || Date.now() >= deadline) {
          if (last) return { fulfillment: last, timedOut: true };
          throw failure;
        }
      }
    },
  };
}
