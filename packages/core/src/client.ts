import { ERROR_STATUS, UpsellError, isErrorCode } from './errors';
import type { ErrorCode } from './errors';
import type {
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

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isFulfillment = (value: unknown): value is Fulfillment =>
  isObject(value) &&
  typeof value.id === 'string' &&
  typeof value.option_id === 'string' &&
  (value.status === 'in_progress' || value.status === 'completed' || value.status === 'failed');

const isOffers = (value: unknown): value is OffersResponse =>
  isObject(value) &&
  Array.isArray(value.offers) &&
  value.offers.every(
    (offer: unknown) =>
      isObject(offer) &&
      typeof offer.id === 'string' &&
      typeof offer.token === 'string' &&
      isObject(offer.content) &&
      Array.isArray(offer.options),
  );

/** Seconds from a `Retry-After` header: delta-seconds or an HTTP date. */
const parseRetryAfter = (value: string | null): number | undefined => {
  if (!value) return undefined;
  if (/^\s*\d+\s*$/.test(value)) return Number(value);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - Date.now()) / 1000));
};

/** The contract's code for a status, for error responses that do not carry the envelope. */
const codeForStatus = (status: number): ErrorCode =>
  (Object.keys(ERROR_STATUS) as ErrorCode[]).find((code) => ERROR_STATUS[code] === status) ??
  'internal_error';

const unexpected = (status: number) =>
  new UpsellError(
    'internal_error',
    `Unexpected response (HTTP ${status}) from the upsell server.`,
    {
      status,
    },
  );

const sleep = (ms: number, signal: AbortSignal | undefined) =>
  new Promise<void>((resolve, reject) => {
    signal?.throwIfAborted();
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });

const RETRYABLE = new Set<string>([
  'network_error',
  'rate_limited',
  'upstream_error',
  'upstream_unavailable',
  'upstream_timeout',
]);

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

  async function request(
    path: string,
    init: { body?: unknown; signal?: AbortSignal | undefined; keepalive?: boolean },
  ): Promise<{ status: number; data: unknown }> {
    const hasBody = init.body !== undefined;
    let response: Response;
    try {
      response = await (options.fetch ?? globalThis.fetch)(baseUrl + path, {
        method: hasBody ? 'POST' : 'GET',
        headers: {
          accept: 'application/json',
          ...options.headers,
          ...(hasBody && { 'content-type': 'application/json' }),
        },
        credentials: 'same-origin',
        ...(hasBody && { body: JSON.stringify(init.body) }),
        ...(init.signal && { signal: init.signal }),
        ...(init.keepalive && { keepalive: true }),
      });
    } catch (cause) {
      // An abort is the caller's decision, not a failure: pass its reason on as fetch does.
      if (init.signal?.aborted) throw init.signal.reason;
      throw new UpsellError('network_error', 'The upsell server could not be reached.', { cause });
    }
    const { status } = response;
    let data: unknown;
    try {
      const text = await response.text();
      // Any 2xx without a body is fine for events; the other methods check the shape below.
      data = text === '' ? undefined : JSON.parse(text);
    } catch {
      if (init.signal?.aborted) throw init.signal.reason;
      if (response.ok) throw unexpected(status);
    }
    if (response.ok) return { status, data };
    const error = isObject(data) && isObject(data.error) ? data.error : {};
    const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
    throw isErrorCode(error.code) && typeof error.message === 'string'
      ? new UpsellError(error.code, error.message, { status, retryAfter })
      : new UpsellError(
          codeForStatus(status),
          `The upsell server answered HTTP ${status} without an error body.`,
          { status, retryAfter },
        );
  }

  async function getFulfillment(id: string, token: string, init: UpsellRequestOptions = {}) {
    const { status, data } = await request(
      `/fulfillments/${encodeURIComponent(id)}?token=${encodeURIComponent(token)}`,
      init,
    );
    if (!isObject(data) || !isFulfillment(data.fulfillment)) throw unexpected(status);
    return data as unknown as FulfillmentResponse;
  }

  return {
    async getOffers(body, init = {}) {
      const { status, data } = await request('/offers', { body, signal: init.signal });
      if (!isOffers(data)) throw unexpected(status);
      return data;
    },

    async sendEvent(body) {
      try {
        await request('/events', { body, keepalive: true });
      } catch (error) {
        if (!(error instanceof UpsellError && error.code === 'network_error')) throw error;
        await request('/events', { body, keepalive: true });
      }
    },

    async createFulfillment(body) {
      const { status, data } = await request('/fulfillments', { body });
      if (
        !isObject(data) ||
        !isFulfillment(data.fulfillment) ||
        !(data.hosted_page === null || isObject(data.hosted_page))
      ) {
        throw unexpected(status);
      }
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
        await sleep(Math.max(0, Math.min(wait, deadline - Date.now())), signal);
        let failure: unknown;
        let pause = 0;
        try {
          last = (await getFulfillment(id, token, { signal })).fulfillment;
          onUpdate?.(last);
          if (last.status !== 'in_progress') return { fulfillment: last, timedOut: false };
        } catch (error) {
          if (!(error instanceof UpsellError && RETRYABLE.has(error.code))) throw error;
          failure = error;
          pause = (error.retryAfter ?? 0) * 1000;
        }
        delay = Math.min(delay * 2, maxDelayMs);
        wait = Math.max(delay, pause);
        // At the deadline, or asked (Retry-After) to pause beyond it: stop without another read.
        if (Date.now() >= deadline || Date.now() + pause > deadline) {
          if (last) return { fulfillment: last, timedOut: true };
          throw failure;
        }
      }
    },
  };
}
