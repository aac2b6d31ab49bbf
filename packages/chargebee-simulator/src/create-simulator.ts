import { http, HttpResponse, type RequestHandler } from 'msw';
import { defaultScenario } from './default-scenario';
import { createApiLimiter, resolveApiLimit } from './internal/api-limit';
import { checkScenario } from './internal/check-scenario';
import { createClock } from './internal/clock';
import { control } from './internal/control';
import { ApiError, errorForStatus } from './internal/errors';
import { createFaults } from './internal/faults';
import { createHostedPages, serveHostedPage } from './internal/hosted-pages';
import { createBalances, createInspector } from './internal/inspect';
import { startNodeServer } from './internal/node-server';
import { callApi } from './internal/router';
import { createState, resetState } from './internal/state';
import type { ApiLimit, Simulator, SimulatorAssumptions, SimulatorOptions } from './simulator';

const DEFAULT_ASSUMPTIONS: Required<SimulatorAssumptions> = {
  cooldownSeconds: 86400,
  cooldownScope: 'subscription',
  duplicateFulfillment: { status: 409, apiErrorCode: 'invalid_state_for_request' },
  offerEventsEnabled: true,
};

/**
 * Creates a local Chargebee Growth (+ promotional grants) that behaves like the real service
 * for everything upsell-kit touches: personalized offers from plays and audiences, offer
 * events with cool-downs, fulfillments of every processing type with Chargebee's rules, a
 * hosted checkout page, promotional grants with balances, Chargebee-shaped errors, fault
 * injection, inspection and a controllable clock.
 *
 * @example
 * const sim = createSimulator();
 * const server = setupServer(...sim.handlers); // MSW, or:
 * const { url, close } = await sim.listen({ port: 4010 });
 */
export function createSimulator(options: SimulatorOptions = {}): Simulator {
  const apiKey = options.apiKey ?? 'test_simulator_key';
  const site = options.site ?? 'upsell-kit-test';
  const scenario = options.scenario ?? defaultScenario;
  checkScenario(scenario);
  const assumptions: Required<SimulatorAssumptions> = {
    ...DEFAULT_ASSUMPTIONS,
    ...options.assumptions,
  };
  let publicUrl = options.publicUrl?.replace(/\/+$/, '');
  const clock = createClock();
  const apiLimit = options.apiLimit ?? false;
  const limiter = createApiLimiter(clock, apiLimit);
  const state = createState({
    apiKey,
    site,
    scenario,
    publicUrl: () => publicUrl ?? `https://${site}.chargebee.com`,
    clock,
    assumptions,
  });

  async function handle(request: Request): Promise<Response> {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return errorForStatus(400).toResponse();
    }
    const path = url.pathname;
    try {
      const apiAt = path.indexOf('/api/v2/');
      if (apiAt !== -1) {
        const resource = path.slice(apiAt + '/api/v2/'.length).replace(/\/+$/, '');
        return await callApi(state, request, url, resource, { admit: limiter.admit });
      }
      const controlAt = path.indexOf('/__simulator/');
      if (controlAt !== -1)
        return await control(simulator, request, path.slice(controlAt + '/__simulator/'.length));
      return serveHostedPage(state, request, path) ?? errorForStatus(404).toResponse();
    } catch (error) {
      if (error instanceof ApiError) return error.toResponse();
      // A bug in the simulator: answer like Chargebee's 500 rather than crash the host.
      return errorForStatus(500).toResponse();
    }
  }

  const resolver = async ({ request }: { request: Request }): Promise<Response> => {
    const response = await handle(request);
    return response.type === 'error' ? HttpResponse.error() : response;
  };
  const handlers: RequestHandler[] = [
    http.all('*/api/v2/*', resolver),
    http.all('*/__simulator/*', resolver),
    http.all('*/hosted_pages/*', resolver),
  ];

  const simulator: Simulator = {
    handle,
    handlers,
    hostedPages: createHostedPages(state),
    async listen(listenOptions = {}) {
      const server = await startNodeServer(handle, listenOptions);
      if (publicUrl === undefined) publicUrl = server.url;
      return server;
    },
    inspect: { ...createInspector(state), apiUsage: () => limiter.usage() },
    reset() {
      resetState(state);
      limiter.clear();
      limiter.set(apiLimit);
      clock.resetOffset();
    },
    faults: createFaults(state),
    fulfillmentOutcome(key, outcome) {
      state.outcomes.set(key, { ...outcome });
    },
    clock: { now: clock.now, advance: clock.advance, set: clock.set },
    setApiLimit: (limit) => limiter.set(limit),
    balances: createBalances(state),
    get options() {
      const perMinute = resolveApiLimit(apiLimit);
      const limit: ApiLimit | false =
        perMinute === false ? false : { requestsPerMinute: perMinute };
      return { apiKey, site, scenario, publicUrl: state.publicUrl(), assumptions, apiLimit: limit };
    },
  };
  return simulator;
}
