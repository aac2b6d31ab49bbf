import { test as base, expect } from '@playwright/test';
import type { Locator, Page, Response } from '@playwright/test';
import { DEMO_SERVERS, resetDemo } from './servers';
import type { E2EServer } from './servers';
import type { PromptStyle } from './prompt-styles';
import { SimulatorControl } from './simulator-control';

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
  sim: async ({ server }, provide) => {
    await resetDemo(server);
    await provide(new SimulatorControl(server.simulatorUrl));
  },
});

export { expect };
export { PROMPT_STYLES } from './prompt-styles';
export type { PromptStyle } from './prompt-styles';
