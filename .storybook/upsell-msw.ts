/**
 * The one data path of every story: the browser's `fetch('/api/upsell/…')` (made by the real
 * `useUpsellOffer` through the real `createUpsellClient`) is answered by MSW with the REAL server
 * handler, `createUpsellHandler` from `@upsell-kit/server` (Web-standard Request → Response,
 * HMAC tokens through `crypto.subtle`, the official chargebee SDK). The SDK's upstream calls are
 * in turn answered by the REAL simulator, `createSimulator` from
 * `@upsell-kit/chargebee-simulator`. Stories pick a scenario, outcomes and faults of the
 * simulator; no story hands offer data to a component. The pair is built by
 * `createUpsellTestBackend` (`@upsell-kit/chargebee-simulator/testing`), what an app's own
 * component tests use; the SDK loads in the preview through `chargebeeInTheBrowser()` (main.ts).
 *
 * Each backend gets its own simulator origin (`https://story-N.simulator.local`, the server's
 * `chargebee.baseUrl`), so several backends can live on one page (the side-by-side story, docs
 * pages): the simulator's own `sim.handlers` match `*\/api/v2/*` on any origin, so one handler,
 * {@link storySimulatorsHandler}, routes each origin to its simulator's `sim.handle` (what
 * `sim.handlers` wrap). It is installed when the worker starts, so it survives the handler reset
 * between stories: an upstream call the previous story's server still had in flight reaches that
 * story's own simulator, never the next story's.
 */
import {
  defaultScenario,
  type Fault,
  type FaultEndpoint,
  type FulfillmentOutcome,
  type Scenario,
  type Simulator,
} from '@upsell-kit/chargebee-simulator';
import {
  createUpsellTestBackend,
  type UpsellTestTransport,
} from '@upsell-kit/chargebee-simulator/testing';
import type { Identity } from '@upsell-kit/core';
import {
  createUpsellHandler,
  promotionalCredits,
  type UpsellHandlerOptions,
} from '@upsell-kit/server';
import { http, HttpResponse, type RequestHandler } from 'msw';
// Types `context.msw` in the stories (module augmentation of the addon).
import type {} from 'msw-storybook-addon/csf3';

/** The signed-in customer of every story, as the server's `identify` resolves it. */
const STORY_IDENTITY: Identity = { customerId: 'cus_story', subscriptionId: 'sub_story' };

/** The simulator's API key; it stays inside the server handler like a real key would. */
const STORY_API_KEY = 'test_simulator_key';

/** A fixed token secret (≥ 32 bytes), so stories do not trip the "random secret" warning. */
const STORY_SECRET = 'storybook-only-secret-never-use-me-in-production';

/** Usage contexts that match the default scenario's plays. */
export const usage = {
  /** `storage_upsell`: "Running out of storage?" / "Add 100 GB storage" (billing_update). */
  storage: { storage_used_percent: 86 },
  /** `ai_credits_reward`: "Claim 50 bonus AI credits" (webhook, granted by the server). */
  aiCredits: { ai_credits_used_percent: 93 },
  /** `plan_upgrade`: "Upgrade to Business" (checkout, hosted page). */
  seats: { seats_used_percent: 95 },
  /** Matches no play: the customer is not eligible. */
  none: { storage_used_percent: 12 },
} as const;

/** What a story configures on its backend. Everything is optional. */
export interface StoryBackendOptions {
  /**
   * The simulator's scenario (custom fields, audiences, offers, plays).
   * @default defaultScenario
   */
  scenario?: Scenario;
  /** `sim.fulfillmentOutcome(key, outcome)` for each entry (key: processing type or option id). */
  outcomes?: Record<string, FulfillmentOutcome>;
  /** `sim.faults.set(endpoint, fault)` for each entry. */
  faults?: Partial<Record<FaultEndpoint, Fault>>;
  /**
   * Where the server handler is mounted (the client's `baseUrl`). Distinct per backend on a page.
   * @default '/api/upsell'
   */
  basePath?: string;
  /**
   * The server's upstream timeout (`chargebee.timeoutMs`), e.g. long for stories that hold a
   * request open on purpose.
   * @default 10000
   */
  upstreamTimeoutMs?: number;
  /**
   * JSON answers given in the simulator's place, by path below `/api/v2/` (e.g.
   * `personalized_offers`): what a Chargebee the simulator does not model would send, such as an
   * option of a processing type the kit does not know.
   */
  upstreamAnswers?: Record<string, unknown>;
  /** Extra options of `createUpsellHandler` (e.g. `fulfill`), over the story defaults. */
  server?: Partial<UpsellHandlerOptions>;
}

/** One request the kit's server received, and its status once answered. */
interface KitRequest {
  method: string;
  /** Below the mount path, query string left out (it carries the offer token). */
  path: string;
  /** `undefined` while the server is still working on it. */
  status?: number;
}

/** A line the server handler logged (its `logger`), API key already redacted by the server. */
interface ServerLogLine {
  level: 'info' | 'warn' | 'error';
  message: string;
  detail?: Record<string, unknown>;
}

/** A running story backend: the server handler, its simulator, and what went through them. */
export interface StoryBackend {
  /** The simulator: inspection, faults, outcomes, clock. */
  sim: Simulator;
  /** The real server handler. */
  handler: (request: Request) => Promise<Response>;
  /** The client's `baseUrl` (the handler's mount path). */
  baseUrl: string;
  /** The simulator's origin, the server's `chargebee.baseUrl`. */
  upstreamOrigin: string;
  /** MSW handlers for the kit's routes → `handler` (the simulator is reached through
   * {@link storySimulatorsHandler}). */
  handlers: RequestHandler[];
  /** Every kit request the server received, in order (`POST /fulfillments`, …). */
  requests(): readonly KitRequest[];
  /** What the server logged (Chargebee failures in the error stories), shown under the story. */
  logs(): readonly ServerLogLine[];
  /** Calls `listener` whenever a kit request arrives or is answered, or the server logs. */
  subscribe(listener: () => void): () => void;
}

let backends = 0;

/** `transport`, but for the paths `answers` names, which get their JSON instead. */
function answering(
  transport: UpsellTestTransport,
  answers: Record<string, unknown>,
): UpsellTestTransport {
  return async (request) => {
    const path = new URL(request.url).pathname.replace(/^\/api\/v2\//, '');
    if (!(path in answers)) return transport(request);
    return {
      status: 200,
      statusText: 'OK',
      headers: new Headers({ 'content-type': 'application/json' }),
      body: new TextEncoder().encode(JSON.stringify(answers[path])),
    };
  };
}

/** Every story simulator by origin, for {@link storySimulatorsHandler}. */
const simulators = new Map<string, Simulator>();

/**
 * Answers the chargebee SDK's calls (and hosted checkout pages) of every story backend with that
 * backend's simulator. Pass it to `setupWorker` (the preview does).
 */
export const storySimulatorsHandler = http.all(
  /^https:\/\/story-\d+\.simulator\.local\//,
  async ({ request }) => {
    const sim = simulators.get(new URL(request.url).origin);
    if (!sim) return HttpResponse.error();
    const response = await sim.handle(request);
    // A dropped connection (fault injection) is a network error in the browser too.
    return response.type === 'error' ? HttpResponse.error() : response;
  },
);

/**
 * Builds a fresh backend (fresh simulator state, fresh server store and rate limits).
 *
 * @example
 * const backend = createStoryBackend({ outcomes: { billing_update: { outcome: 'failed', errorCode: 'billing_update_failed' } } });
 * worker.use(...backend.handlers);
 */
function createStoryBackend(options: StoryBackendOptions = {}): StoryBackend {
  backends += 1;
  const upstreamOrigin = `https://story-${backends}.simulator.local`;
  const basePath = (options.basePath ?? '/api/upsell').replace(/\/+$/, '');

  let requests: readonly KitRequest[] = [];
  let logs: readonly ServerLogLine[] = [];
  const listeners = new Set<() => void>();
  const notify = () => {
    for (const listener of listeners) listener();
  };
  // The server's log goes under the story rather than into the console (and the test output).
  const line =
    (level: ServerLogLine['level']) => (message: string, detail?: Record<string, unknown>) => {
      logs = [...logs, { level, message, ...(detail ? { detail } : {}) }];
      notify();
    };

  // The app-testing backend of `@upsell-kit/chargebee-simulator/testing`, as an app's own
  // component tests use it: the real handler in front of a fresh simulator on its own origin
  // (hosted checkout pages there too). The stories route that origin themselves
  // (storySimulatorsHandler) and wrap the handler to record what it answered.
  const { sim, handle: handler } = createUpsellTestBackend({
    apiKey: STORY_API_KEY,
    site: 'upsell-kit-test',
    scenario: options.scenario ?? defaultScenario,
    origin: upstreamOrigin,
    basePath,
    handler: (chargebee) =>
      createUpsellHandler({
        chargebee: {
          ...chargebee,
          ...(options.upstreamTimeoutMs ? { timeoutMs: options.upstreamTimeoutMs } : {}),
          ...(options.upstreamAnswers && {
            transport: answering(chargebee.transport, options.upstreamAnswers),
          }),
        },
        identify: () => STORY_IDENTITY,
        secret: STORY_SECRET,
        basePath,
        // Where the url_redirect scenario's options send the browser: the merchant's own page.
        allowedRedirectHosts: ['app.example.com'],
        // The AI-credits reward is a webhook option: the merchant grants the credits, then marks
        // the fulfillment completed through Chargebee's Update API. The server's ready-made
        // fulfiller.
        fulfill: {
          claim_50_ai_credits: promotionalCredits({
            unitId: 'ai_credits',
            amount: '50',
            expiresIn: 30 * 24 * 60 * 60,
          }),
        },
        logger: { info: line('info'), warn: line('warn'), error: line('error') },
        ...options.server,
      }),
  });
  for (const [key, outcome] of Object.entries(options.outcomes ?? {})) {
    sim.fulfillmentOutcome(key, outcome);
  }
  for (const [endpoint, fault] of Object.entries(options.faults ?? {})) {
    if (fault) sim.faults.set(endpoint as FaultEndpoint, fault);
  }

  const log = (index: number, entry: KitRequest) => {
    requests = requests.map((old, i) => (i === index ? entry : old));
    if (index === requests.length) requests = [...requests, entry];
    notify();
  };
  const handlers: RequestHandler[] = [
    http.all(`${basePath}/*`, async ({ request }) => {
      const entry: KitRequest = {
        method: request.method,
        path: new URL(request.url).pathname.slice(basePath.length),
      };
      const index = requests.length;
      log(index, entry);
      const response = await handler(request);
      log(index, { ...entry, status: response.status });
      return response;
    }),
  ];
  simulators.set(upstreamOrigin, sim);

  return {
    sim,
    handler,
    baseUrl: basePath,
    upstreamOrigin,
    handlers,
    // The same array until something changes (a `useSyncExternalStore` snapshot).
    requests: () => requests,
    logs: () => logs,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** What a story sets in `parameters.upsell`: its backend, or `false` to build its own. */
export type UpsellStoryParameter = StoryBackendOptions | false;

const byStory = new Map<string, StoryBackend>();

/**
 * Creates the story's backend from `parameters.upsell` and registers its handlers on the MSW
 * worker. Called by the preview's `beforeEach` for every story.
 */
export function installStoryBackend(context: {
  id: string;
  parameters: { upsell?: UpsellStoryParameter };
  msw: { use: (...handlers: RequestHandler[]) => void };
}): StoryBackend | undefined {
  const options = context.parameters.upsell;
  if (options === false) return undefined;
  const backend = createStoryBackend(options);
  context.msw.use(...backend.handlers);
  byStory.set(context.id, backend);
  return backend;
}

/**
 * Several named backends for one story (each on its own mount path), for stories that show
 * several prompts side by side. The story sets `parameters.upsell = false`.
 *
 * @example
 * beforeEach: (context) => { installStoryBackends(context, { ready: {}, empty: {} }); },
 */
export function installStoryBackends<K extends string>(
  context: { id: string; msw: { use: (...handlers: RequestHandler[]) => void } },
  specs: Record<K, StoryBackendOptions>,
): Record<K, StoryBackend> {
  const out = {} as Record<K, StoryBackend>;
  for (const name of Object.keys(specs) as K[]) {
    const backend = createStoryBackend({ basePath: `/api/upsell-${name}`, ...specs[name] });
    context.msw.use(...backend.handlers);
    byStory.set(`${context.id}:${name}`, backend);
    out[name] = backend;
  }
  return out;
}

/** One of the backends {@link installStoryBackends} created for the story. */
export function namedBackendOf(context: { id: string }, name: string): StoryBackend {
  const backend = byStory.get(`${context.id}:${name}`);
  if (!backend) throw new Error(`No upsell backend "${name}" for story "${context.id}".`);
  return backend;
}

/**
 * The backend of the story being rendered, for `play` functions and decorators.
 *
 * @example
 * async play(context) {
 *   const { sim } = backendOf(context);
 *   await waitFor(() => expect(sim.inspect.fulfillments()).toHaveLength(1));
 * }
 */
export function backendOf(context: { id: string }): StoryBackend {
  const backend = byStory.get(context.id);
  if (!backend) {
    throw new Error(
      `No upsell backend for story "${context.id}": it sets parameters.upsell = false, or the ` +
        'preview beforeEach did not run.',
    );
  }
  return backend;
}

/**
 * Another user of the same subscription accepts the same base offer first, straight at the
 * simulator (as their own browser and server would): Chargebee then refuses a second
 * fulfillment for this subscription, which the kit shows as "already accepted".
 */
export async function acceptElsewhere(backend: StoryBackend, custom: Record<string, number>) {
  const call = async (path: string, body: unknown) => {
    const response = await backend.sim.handle(
      new Request(`${backend.upstreamOrigin}/api/v2/${path}`, {
        method: 'POST',
        headers: {
          authorization: `Basic ${btoa(`${STORY_API_KEY}:`)}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify(body),
      }),
    );
    if (!response.ok) throw new Error(`simulator ${path}: HTTP ${response.status}`);
    return (await response.json()) as Record<string, unknown>;
  };
  const { personalized_offers: offers } = (await call('personalized_offers', {
    customer_id: STORY_IDENTITY.customerId,
    subscription_id: STORY_IDENTITY.subscriptionId,
    external_user_id: 'teammate',
    custom,
  })) as { personalized_offers: { id: string; options: { id: string }[] }[] };
  const offer = offers[0];
  if (!offer?.options[0]) throw new Error('acceptElsewhere: the simulator offered nothing');
  await call('offer_fulfillments', {
    personalized_offer_id: offer.id,
    option_id: offer.options[0].id,
  });
}
