import { test as base, expect } from '@playwright/test';
import type { APIRequestContext, Locator, Page, Response } from '@playwright/test';
import { DEMO_SERVERS } from './servers';
import type { E2EServer } from './servers';

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

/** The embedded simulator's HTTP control API (`/__simulator/*`), seen from the test. */
class SimulatorControl {
  constructor(
    private readonly request: APIRequestContext,
    readonly url: string,
  ) {}

  private async get<T>(route: string): Promise<T> {
    const response = await this.request.get(`${this.url}/__simulator/${route}`);
    expect(response.status(), `GET /__simulator/${route}`).toBe(200);
    return (await response.json()) as T;
  }

  private async post(route: string, data: unknown): Promise<void> {
    const response = await this.request.post(`${this.url}/__simulator/${route}`, { data });
    expect(response.status(), `POST /__simulator/${route}: ${await response.text()}`).toBe(200);
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
    const response = await this.request.delete(`${this.url}/__simulator/faults`);
    expect(response.status()).toBe(200);
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

export type PromptStyle = 'Banner' | 'Modal' | 'Inline callout';
export const PROMPT_STYLES: readonly PromptStyle[] = ['Banner', 'Modal', 'Inline callout'];
export type DemoUserName = 'Alice' | 'Bob' | 'Carol';
export type UsageField = 'storage_used_percent' | 'ai_credits_used_percent' | 'seats_used_percent';

/** The demo page, driven through its accessible controls only. */
export class DemoPage {
  constructor(
    readonly page: Page,
    readonly style: PromptStyle = 'Banner',
  ) {}

  get signedInAs(): Locator {
    return this.page.getByLabel('Signed in as');
  }
  get storage(): Locator {
    return this.page.getByLabel('Storage used (%)');
  }
  get aiCredits(): Locator {
    return this.page.getByLabel('AI credits used (%)');
  }
  get seats(): Locator {
    return this.page.getByLabel('Seats used (%)');
  }
  get promptStyle(): Locator {
    return this.page.getByLabel('Prompt style');
  }
  get activity(): Locator {
    return this.page.getByRole('complementary', { name: 'Sent to Chargebee' });
  }

  /** The prompt titled `title`: a dialog for the modal, a region (banner, callout) otherwise. */
  prompt(title: string | RegExp): Locator {
    return this.page.getByRole(this.style === 'Modal' ? 'dialog' : 'region', { name: title });
  }

  /** Any offer heading, whatever the style (for "no prompt" checks). */
  promptTitle(title: string | RegExp): Locator {
    return this.page.getByRole('heading', { name: title });
  }

  /** Opens the demo as `user` with the prompt style of this page, and waits until it is ready. */
  async open(user: DemoUserName = 'Alice'): Promise<void> {
    await this.page.goto('/');
    await expect(this.signedInAs).toBeEnabled();
    await this.signIn(user);
    await this.promptStyle.selectOption({ label: this.style });
  }

  async signIn(user: DemoUserName): Promise<void> {
    const current = await this.signedInAs.locator('option:checked').textContent();
    if (current?.startsWith(user)) {
      await expect(this.page.getByText(`signed in as ${user}`)).toBeVisible();
      return;
    }
    const login = this.page.waitForResponse(
      (r) => r.url().endsWith('/demo/login') && r.request().method() === 'POST',
    );
    await this.signedInAs.selectOption({ label: optionLabel(user) });
    expect((await login).status()).toBe(200);
    await expect(this.page.getByText(`signed in as ${user}`)).toBeVisible();
  }

  input(field: UsageField): Locator {
    return field === 'storage_used_percent'
      ? this.storage
      : field === 'ai_credits_used_percent'
        ? this.aiCredits
        : this.seats;
  }

  /**
   * Sets a usage input to a value not asked for before on this page, and waits for the offer
   * request carrying it, so a "no prompt" check that follows is made after the server answered.
   * (A value asked for before is answered from the page's offer cache: use `input().fill()`.)
   */
  async setUsage(field: UsageField, value: number): Promise<Response> {
    const answered = waitForOffers(this.page, (custom) => custom[field] === value);
    await this.input(field).fill(String(value));
    // The user is done with the field: an uncontrolled modal waits for that (and 1.5 s after the
    // last keystroke) before it opens.
    await this.input(field).blur();
    return answered;
  }
}

function optionLabel(user: DemoUserName): string {
  return `${user} (${user === 'Carol' ? 'Globex Corp.' : 'Acme Inc.'})`;
}

/** The next `POST /api/upsell/offers` whose `custom` satisfies `match`. */
export function waitForOffers(
  page: Page,
  match: (custom: Record<string, unknown>) => boolean,
): Promise<Response> {
  return page.waitForResponse((response) => {
    const request = response.request();
    if (request.method() !== 'POST' || !response.url().endsWith('/api/upsell/offers')) return false;
    const body = request.postDataJSON() as { custom?: Record<string, unknown> } | null;
    return match(body?.custom ?? {});
  });
}

interface Fixtures {
  server: E2EServer;
  sim: SimulatorControl;
}

/**
 * Each worker talks to its own demo server; every test starts from a reset demo (simulator
 * state, faults, outcomes, the server's fulfillment records and rate-limit counters).
 */
export const test = base.extend<Fixtures>({
  // eslint-disable-next-line no-empty-pattern
  server: async ({}, provide, testInfo) => {
    const server = DEMO_SERVERS[testInfo.parallelIndex % DEMO_SERVERS.length];
    if (!server) throw new Error('no demo server configured');
    await provide(server);
  },
  baseURL: async ({ server }, provide) => {
    await provide(server.url);
  },
  sim: async ({ request, server }, provide) => {
    const reset = await request.post(`${server.url}/demo/reset`, { data: {} });
    expect(reset.status(), 'POST /demo/reset').toBe(204);
    await provide(new SimulatorControl(request, server.simulatorUrl));
  },
});

export { expect };
