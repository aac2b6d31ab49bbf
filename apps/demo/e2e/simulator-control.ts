/** The simulator's records, as its control API returns them (only the fields the tests read). */
interface SimEvent {
  personalized_offer_id: string;
  type: 'viewed' | 'dismissed';
  customer_id: string;
  subscription_id: string | null;
}
interface SimFulfillment {
  id: string;
  personalized_offer_id: string;
  option_id: string;
  processing_type: string;
  status: 'in_progress' | 'completed' | 'failed';
  error?: { code: string };
}
interface SimGrant {
  subscription_id: string;
  unit_id: string;
  amount: string;
}
interface SimOffer {
  id: string;
  offer_id: string;
  customer_id: string;
  subscription_id: string | null;
}
interface SimRequest {
  method: string;
  path: string;
  body: unknown;
}

/** Throws with the route and the body unless the answer has the expected status. */
async function expectStatus(response: Response, status: number, what: string): Promise<Response> {
  if (response.status !== status)
    throw new Error(`${what}: ${response.status} (expected ${status}): ${await response.text()}`);
  return response;
}

/**
 * The embedded simulator's HTTP control API (`/__simulator/*`), seen from the test. Plain
 * `fetch`, so the Playwright e2e and the cross-engine e2e (Vitest) share it.
 */
export class SimulatorControl {
  constructor(readonly url: string) {}

  private async get<T>(route: string): Promise<T> {
    const response = await fetch(`${this.url}/__simulator/${route}`);
    await expectStatus(response, 200, `GET /__simulator/${route}`);
    return (await response.json()) as T;
  }

  private async post(route: string, data: unknown): Promise<void> {
    const response = await fetch(`${this.url}/__simulator/${route}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(data),
    });
    await expectStatus(response, 200, `POST /__simulator/${route}`);
  }

  events(): Promise<SimEvent[]> {
    return this.get('events');
  }
  async eventsOf(type: SimEvent['type']): Promise<SimEvent[]> {
    return (await this.events()).filter((event) => event.type === type);
  }
  fulfillments(): Promise<SimFulfillment[]> {
    return this.get('fulfillments');
  }
  grants(): Promise<SimGrant[]> {
    return this.get('grants');
  }
  offers(): Promise<SimOffer[]> {
    return this.get('offers');
  }
  requests(): Promise<SimRequest[]> {
    return this.get('requests');
  }
  /** Raw upstream requests to one Chargebee path, e.g. `/api/v2/offer_fulfillments`. */
  async requestsTo(method: string, path: string): Promise<SimRequest[]> {
    return (await this.requests()).filter((r) => r.method === method && r.path === path);
  }
  fault(endpoint: string, fault: Record<string, unknown>): Promise<void> {
    return this.post('faults', { endpoint, fault });
  }
  async clearFaults(): Promise<void> {
    const response = await fetch(`${this.url}/__simulator/faults`, { method: 'DELETE' });
    await expectStatus(response, 200, 'DELETE /__simulator/faults');
  }
  /** The simulator's use of Chargebee's API limit (only the fields the tests read). */
  apiUsage(): Promise<{
    requestsPerMinute: number | false;
    callsLastMinute: number;
    refusedLastMinute: number;
  }> {
    return this.get('api-usage');
  }
  /** Changes the API limit until the next reset. */
  apiLimit(requestsPerMinute: number | false): Promise<void> {
    return this.post('api-limit', { requestsPerMinute });
  }
  outcome(
    key: string,
    outcome: { outcome: 'completed' | 'failed'; errorCode?: string; delayMs?: number },
  ): Promise<void> {
    return this.post('outcomes', { key, ...outcome });
  }
}
