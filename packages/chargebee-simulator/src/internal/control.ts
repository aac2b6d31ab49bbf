import type { Fault, FaultEndpoint, FulfillmentOutcome, Simulator } from '../simulator';
import { jsonResponse } from './errors';

const FAULT_ENDPOINTS: readonly FaultEndpoint[] = [
  'personalized_offers',
  'offer_events',
  'offer_fulfillments.create',
  'offer_fulfillments.retrieve',
  'offer_fulfillments.update',
  'promotional_grants',
  'grant_blocks',
];

function bad(message: string): Response {
  return jsonResponse(400, { error: { code: 'invalid_request', message } });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks a fault from JSON; returns an error message or the fault. */
function parseFault(value: unknown): Fault | string {
  if (!isRecord(value)) return 'fault must be an object';
  const fault: Fault = {};
  for (const key of ['status', 'retryAfter', 'latencyMs', 'times'] as const) {
    const v = value[key];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
      return `fault.${key} must be a number >= 0`;
    fault[key] = v;
  }
  if (
    fault.status !== undefined &&
    (!Number.isInteger(fault.status) || fault.status < 200 || fault.status > 599)
  ) {
    return 'fault.status must be an HTTP status (200-599)';
  }
  for (const key of ['malformedBody', 'dropConnection'] as const) {
    const v = value[key];
    if (v === undefined) continue;
    if (typeof v !== 'boolean') return `fault.${key} must be a boolean`;
    fault[key] = v;
  }
  if ('body' in value) fault.body = value.body;
  return fault;
}

/** The `/__simulator/*` control API (no auth, JSON), for tests in another process. */
export async function control(sim: Simulator, request: Request, route: string): Promise<Response> {
  const method = request.method;
  let body: Record<string, unknown> = {};
  if (method === 'POST') {
    const text = await request.text();
    if (text.trim() !== '') {
      try {
        const parsed: unknown = JSON.parse(text);
        if (!isRecord(parsed)) return bad('The body must be a JSON object.');
        body = parsed;
      } catch {
        return bad('The body is not valid JSON.');
      }
    }
  }
  const url = new URL(request.url);

  if (method === 'GET') {
    switch (route) {
      case 'events':
        return jsonResponse(200, sim.inspect.events());
      case 'fulfillments':
        return jsonResponse(200, sim.inspect.fulfillments());
      case 'grants':
        return jsonResponse(200, sim.inspect.grants());
      case 'requests':
        return jsonResponse(200, sim.inspect.requests());
      case 'offers':
        return jsonResponse(200, sim.inspect.offers());
      case 'api-usage':
        return jsonResponse(200, sim.inspect.apiUsage());
      case 'clock':
        return jsonResponse(200, { now: sim.clock.now() });
      case 'balances': {
        const subscriptionId = url.searchParams.get('subscription_id');
        if (!subscriptionId) return bad('subscription_id is required.');
        return jsonResponse(200, sim.balances(subscriptionId));
      }
    }
  }
  if (method === 'POST' && route === 'reset') {
    sim.reset();
    return jsonResponse(200, { ok: true });
  }
  if (route === 'faults' && method === 'POST') {
    const endpoint = body.endpoint;
    if (typeof endpoint !== 'string' || !FAULT_ENDPOINTS.includes(endpoint as FaultEndpoint)) {
      return bad(`endpoint must be one of ${FAULT_ENDPOINTS.join(', ')}.`);
    }
    const fault = parseFault(body.fault);
    if (typeof fault === 'string') return bad(fault);
    sim.faults.set(endpoint as FaultEndpoint, fault);
    return jsonResponse(200, { ok: true });
  }
  if (route === 'faults' && method === 'DELETE') {
    const endpoint = url.searchParams.get('endpoint');
    if (endpoint !== null && !FAULT_ENDPOINTS.includes(endpoint as FaultEndpoint)) {
      return bad(`endpoint must be one of ${FAULT_ENDPOINTS.join(', ')}.`);
    }
    sim.faults.clear((endpoint ?? undefined) as FaultEndpoint | undefined);
    return jsonResponse(200, { ok: true });
  }
  if (route === 'outcomes' && method === 'POST') {
    const { key, outcome, errorCode, delayMs } = body;
    if (typeof key !== 'string' || key === '')
      return bad('key must be a processing type or an option id.');
    if (outcome !== 'completed' && outcome !== 'failed')
      return bad('outcome must be completed or failed.');
    if (errorCode !== undefined && typeof errorCode !== 'string')
      return bad('errorCode must be a string.');
    if (
      delayMs !== undefined &&
      (typeof delayMs !== 'number' || !Number.isFinite(delayMs) || delayMs < 0)
    ) {
      return bad('delayMs must be a number >= 0.');
    }
    const value: FulfillmentOutcome = { outcome };
    if (errorCode !== undefined) value.errorCode = errorCode;
    if (delayMs !== undefined) value.delayMs = delayMs;
    sim.fulfillmentOutcome(key, value);
    return jsonResponse(200, { ok: true });
  }
  if (route === 'api-limit' && method === 'POST') {
    const { requestsPerMinute } = body;
    if (
      requestsPerMinute !== false &&
      (typeof requestsPerMinute !== 'number' ||
        !Number.isInteger(requestsPerMinute) ||
        requestsPerMinute < 1)
    ) {
      return bad('Send { requestsPerMinute } as an integer >= 1, or false to turn the limit off.');
    }
    sim.setApiLimit(requestsPerMinute === false ? false : { requestsPerMinute });
    return jsonResponse(200, sim.inspect.apiUsage());
  }
  if (route === 'clock' && method === 'POST') {
    const { advanceMs, setMs } = body;
    if (advanceMs !== undefined) {
      if (typeof advanceMs !== 'number' || !Number.isFinite(advanceMs) || advanceMs < 0) {
        return bad('advanceMs must be a number >= 0.');
      }
      sim.clock.advance(advanceMs);
    } else if (setMs !== undefined) {
      if (typeof setMs !== 'number' || !Number.isFinite(setMs))
        return bad('setMs must be a number.');
      sim.clock.set(setMs);
    } else {
      return bad('Send { advanceMs } or { setMs }.');
    }
    return jsonResponse(200, { now: sim.clock.now() });
  }
  return jsonResponse(404, {
    error: { code: 'not_found', message: `No control route ${method} /__simulator/${route}.` },
  });
}
