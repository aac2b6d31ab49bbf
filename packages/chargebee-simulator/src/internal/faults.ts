import type { Fault, FaultEndpoint, SimulatorFaults } from '../simulator';
import { errorForStatus, jsonResponse } from './errors';
import type { SimState } from './state';

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function faultResponse(fault: Fault): Response {
  if (fault.malformedBody) {
    return new Response('<html><body>502 Bad Gateway</body></html>', {
      status: fault.status ?? 200,
      headers: { 'Content-Type': 'text/html; charset=utf-8' },
    });
  }
  const status = fault.status ?? (fault.retryAfter !== undefined ? 429 : 500);
  if (fault.body !== undefined) {
    const headers: Record<string, string> = {};
    if (fault.retryAfter !== undefined) headers['Retry-After'] = String(fault.retryAfter);
    return jsonResponse(status, fault.body, headers);
  }
  if (status < 400) return jsonResponse(status, {});
  return errorForStatus(status, fault.retryAfter).toResponse();
}

function takeFault(state: SimState, endpoint: FaultEndpoint): Fault | undefined {
  const entry = state.faults.get(endpoint);
  if (!entry) return undefined;
  entry.remaining -= 1;
  if (entry.remaining <= 0) state.faults.delete(endpoint);
  return entry.fault;
}

/**
 * Applies the endpoint's fault, if any: waits its latency, then answers the fault's response,
 * or `undefined` when the request should proceed normally (no fault, or latency only).
 */
export async function applyFault(
  state: SimState,
  endpoint: FaultEndpoint,
): Promise<Response | undefined> {
  const fault = takeFault(state, endpoint);
  if (!fault) return undefined;
  if (fault.latencyMs) await sleep(fault.latencyMs);
  if (fault.dropConnection) return Response.error();
  const onlyLatency =
    fault.status === undefined &&
    fault.body === undefined &&
    fault.retryAfter === undefined &&
    !fault.malformedBody;
  return onlyLatency ? undefined : faultResponse(fault);
}

/** `sim.faults`: set / clear per endpoint. */
export function createFaults(state: SimState): SimulatorFaults {
  return {
    set(endpoint, fault) {
      state.faults.set(endpoint, { fault: { ...fault }, remaining: fault.times ?? Infinity });
    },
    clear(endpoint) {
      if (endpoint === undefined) state.faults.clear();
      else state.faults.delete(endpoint);
    },
  };
}
