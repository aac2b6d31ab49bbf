import type { Simulator } from '../simulator';

/** Basic auth with the simulator's default test key (Chargebee ignores the password). */
export const AUTH = `Basic ${btoa('test_simulator_key:')}`;
/** The default site's Growth API base. */
export const GROW = 'https://upsell-kit-test.grow.chargebee.com/api/v2';

/**
 * One authorized call to the simulator's Growth API, as the SDK sends it (JSON body), answered
 * in process: its status, headers and parsed body (`null` when empty).
 */
export async function callGrowth(sim: Simulator, method: string, path: string, body?: unknown) {
  const response = await sim.handle(
    new Request(`${GROW}/${path}`, {
      method,
      headers: { Authorization: AUTH, 'Content-Type': 'application/json;charset=UTF-8' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    }),
  );
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text ? JSON.parse(text) : null,
  };
}
