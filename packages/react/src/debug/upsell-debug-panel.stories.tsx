import type { Meta, StoryContext, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { shortLivedScenario } from '../../../../.storybook/scenarios';
import { backendOf, usage } from '../../../../.storybook/upsell-msw';
import { createPromptArbiter } from '../arbitration';
import { UpsellBanner } from '../banner/upsell-banner';
import { UpsellProvider } from '../upsell-provider';
import { UpsellDebugPanel } from './upsell-debug-panel';

/**
 * "Why no offer?" — `UpsellDebugPanel` (`@upsell-kit/react/debug`, development builds only) names,
 * for each prompt on the page, why it shows or does not. One story per reason, each caused for
 * real: the real hook, client and server handler (with `debug: true`) in front of the simulator,
 * its faults, scenario and budget set to produce it.
 */
const meta = {
  title: 'Debug/Why no offer',
  component: UpsellDebugPanel,
} satisfies Meta<typeof UpsellDebugPanel>;
export default meta;
type Story = StoryObj<typeof meta>;
type Context = StoryContext;

const debugServer = { debug: true } as const;

/** The panel's reason for the prompt at `placement`, once it says `reason`. */
async function expectReason(context: Context, placement: string, reason: string) {
  const panel = within(context.canvasElement).getByRole('region', { name: 'Why no offer?' });
  await waitFor(
    () => {
      const row = within(panel)
        .getAllByRole('row')
        .find((r) => within(r).queryAllByRole('cell')[1]?.textContent === placement);
      return expect(row?.getAttribute('data-reason')).toBe(reason);
    },
    { timeout: 15_000 },
  );
}

/** A banner at `placement` and the panel under the story's provider. */
const banner = (placement: string, props: Partial<Parameters<typeof UpsellBanner>[0]> = {}) =>
  function Render() {
    return (
      <>
        <UpsellBanner custom={usage.storage} placementId={placement} {...props} />
        <UpsellDebugPanel />
      </>
    );
  };

/** `shown`: on screen, nothing held it back. */
export const Shown: Story = {
  parameters: { upsell: { server: debugServer } },
  render: banner('dashboard'),
  play: (context) => expectReason(context, 'dashboard', 'shown'),
};

/** `disabled`: below the app's own condition (`enabled={false}`): no request at all. */
export const Disabled: Story = {
  parameters: { upsell: { server: debugServer } },
  render: banner('dashboard', { enabled: false }),
  async play(context) {
    await expectReason(context, 'dashboard', 'disabled');
    await expect(backendOf(context).requests()).toEqual([]);
  },
};

/** `no_offer`: Chargebee returned none for this usage. */
export const NoOffer: Story = {
  parameters: { upsell: { server: debugServer } },
  render: banner('dashboard', { custom: usage.none }),
  play: (context) => expectReason(context, 'dashboard', 'no_offer'),
};

/** `closed`: the app keeps it closed (`open={false}`). */
export const Closed: Story = {
  parameters: { upsell: { server: debugServer } },
  render: banner('dashboard', { open: false }),
  play: (context) => expectReason(context, 'dashboard', 'closed'),
};

/** `dismissed`: the user closed it. */
export const Dismissed: Story = {
  parameters: { upsell: { server: debugServer } },
  render: banner('dashboard'),
  async play(context) {
    const canvas = within(context.canvasElement);
    await userEvent.click(await canvas.findByRole('button', { name: 'Dismiss' }));
    await expectReason(context, 'dashboard', 'dismissed');
  },
};

/** `accepted`: the user accepted it (here: completed). */
export const Accepted: Story = {
  parameters: {
    upsell: {
      server: debugServer,
      outcomes: { billing_update: { outcome: 'completed', delayMs: 0 } },
    },
  },
  render: banner('dashboard'),
  async play(context) {
    const canvas = within(context.canvasElement);
    await userEvent.click(await canvas.findByRole('button', { name: 'Add 100 GB storage' }));
    await expectReason(context, 'dashboard', 'accepted');
  },
};

/** `waiting`: behind another prompt of higher priority (the provider's arbiter). */
export const Waiting: Story = {
  parameters: { upsell: { server: debugServer } },
  render: function Render(_args, context) {
    const [arbiter] = useState(() => createPromptArbiter());
    return (
      <UpsellProvider baseUrl={backendOf(context).baseUrl} arbiter={arbiter}>
        <UpsellBanner custom={usage.storage} placementId="dashboard" priority={2} />
        <UpsellBanner custom={usage.aiCredits} placementId="credits" priority={1} />
        <UpsellDebugPanel />
      </UpsellProvider>
    );
  },
  async play(context) {
    await expectReason(context, 'dashboard', 'shown');
    await expectReason(context, 'credits', 'waiting');
  },
};

/** `capped`: a frequency cap of the server (1 display a day) holds the second display back. */
export const Capped: Story = {
  parameters: {
    upsell: { server: { ...debugServer, frequency: { app: { max: 1, per: '24h' } } } },
  },
  render: function Render() {
    const [page, setPage] = useState(1);
    return (
      <>
        <button type="button" onClick={() => setPage((n) => n + 1)}>
          Next page
        </button>
        {/* A new page is a new display: a new placement per page, one app-wide cap. */}
        <UpsellBanner key={page} custom={usage.storage} placementId={`page-${page}`} />
        <UpsellDebugPanel />
      </>
    );
  },
  async play(context) {
    const canvas = within(context.canvasElement);
    await canvas.findByRole('region', { name: 'Running out of storage?' });
    const { sim } = backendOf(context);
    await waitFor(() => expect(sim.inspect.events()).toHaveLength(1));
    const calls = sim.inspect.requests().length;
    await userEvent.click(canvas.getByRole('button', { name: 'Next page' }));
    await expectReason(context, 'page-2', 'capped');
    // Capped before any Chargebee call, and so no second `viewed`.
    await expect(sim.inspect.requests()).toHaveLength(calls);
    await expect(sim.inspect.events()).toHaveLength(1);
  },
};

/** `options_dropped`: Chargebee offered only an option of a processing type the kit does not know. */
export const OptionsDropped: Story = {
  parameters: {
    upsell: {
      server: debugServer,
      upstreamAnswers: {
        personalized_offers: {
          personalized_offers: [
            {
              id: 'po_new',
              offer_id: 'teleport',
              content: { title: 'Teleport', description: '' },
              options: [{ id: 'opt_new', label: 'Teleport', processing_type: 'quantum_leap' }],
            },
          ],
        },
      },
    },
  },
  render: banner('dashboard'),
  play: (context) => expectReason(context, 'dashboard', 'options_dropped'),
};

/**
 * `shed`: the server's Chargebee budget had no room for the fetch (1 call a minute: the first
 * prompt's fetch takes it, the second one's is shed, without a call).
 */
export const Shed: Story = {
  parameters: { upsell: { server: { ...debugServer, upstreamBudget: { requestsPerMinute: 1 } } } },
  render: function Render() {
    const [second, setSecond] = useState(false);
    return (
      <>
        <UpsellBanner custom={usage.storage} placementId="dashboard" />
        <button type="button" onClick={() => setSecond(true)}>
          Open the credits page
        </button>
        {second ? <UpsellBanner custom={usage.aiCredits} placementId="credits" /> : null}
        <UpsellDebugPanel />
      </>
    );
  },
  async play(context) {
    await expectReason(context, 'dashboard', 'shown');
    const calls = backendOf(context).sim.inspect.requests().length;
    await userEvent.click(
      within(context.canvasElement).getByRole('button', { name: 'Open the credits page' }),
    );
    await expectReason(context, 'credits', 'shed');
    await expect(backendOf(context).sim.inspect.requests()).toHaveLength(calls);
  },
};

/** `paused`: Chargebee answered 429; calls pause fleet-wide. */
export const Paused: Story = {
  parameters: {
    upsell: {
      server: debugServer,
      faults: { personalized_offers: { status: 429, retryAfter: 30 } },
    },
  },
  render: banner('dashboard'),
  play: (context) => expectReason(context, 'dashboard', 'paused'),
};

/** `unauthenticated`: the server's `identify(request)` found nobody (401). */
export const Unauthenticated: Story = {
  parameters: { upsell: { server: { ...debugServer, identify: () => null } } },
  render: banner('dashboard'),
  play: (context) => expectReason(context, 'dashboard', 'unauthenticated'),
};

/** `expired`: the offer's time ran out while it was on screen (a 2 s offer, from the scenario). */
export const Expired: Story = {
  parameters: {
    upsell: { server: debugServer, scenario: shortLivedScenario },
  },
  render: banner('dashboard'),
  async play(context) {
    await expectReason(context, 'dashboard', 'shown');
    await expectReason(context, 'dashboard', 'expired');
  },
};
