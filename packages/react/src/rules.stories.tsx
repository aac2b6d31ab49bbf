import type { Meta, StoryObj } from '@storybook/react-vite';
import { QueryClient, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { backendOf, usage } from '../../../.storybook/upsell-msw';
import { createPromptArbiter } from './arbitration';
import { UpsellBanner } from './banner/upsell-banner';
import { UpsellInlineCallout } from './inline-callout/upsell-inline-callout';
import { UpsellModal } from './modal/upsell-modal';
import { UpsellProvider } from './upsell-provider';

/**
 * The rules of several prompts on one page (issue 23): they take turns (the provider's
 * `arbiter`), a dismissal holds in every open tab, the server caps how often a customer sees
 * them, and after an accept the app refreshes what it changed (`onCompleted`). Real hook, client
 * and server handler in front of the simulator.
 */
const meta = {
  title: 'Rules',
  component: UpsellProvider,
} satisfies Meta<typeof UpsellProvider>;
export default meta;
type Story = StoryObj<typeof meta>;

const body = (canvasElement: HTMLElement) => within(canvasElement.ownerDocument.body);

/**
 * A modal, a banner and a callout, all eligible: the modal (priority 30) first, then the banner
 * (20), then the callout (10), each as the one before closes; never two at once but for a modal
 * over a banner already on screen.
 */
export const OneAtATime: Story = {
  render: function Render(_args, context) {
    const [arbiter] = useState(() => createPromptArbiter({ maxVisible: 1 }));
    return (
      <UpsellProvider baseUrl={backendOf(context).baseUrl} arbiter={arbiter}>
        <UpsellBanner custom={usage.storage} priority={20} placementId="dashboard" />
        <UpsellInlineCallout custom={usage.aiCredits} priority={10} placementId="credits" />
        <UpsellModal custom={usage.seats} priority={30} placementId="seats" />
      </UpsellProvider>
    );
  },
  async play({ canvasElement }) {
    const page = body(canvasElement);
    const callout = () => page.queryByRole('region', { name: "You're almost out of AI credits" });
    const dialog = await page.findByRole(
      'dialog',
      { name: 'Upgrade to Business' },
      { timeout: 10_000 },
    );
    await expect(page.getAllByRole('dialog')).toHaveLength(1);
    await expect(callout()).toBeNull();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Not now' }));
    const banner = await page.findByRole('region', { name: 'Running out of storage?' });
    await expect(callout()).toBeNull();
    await userEvent.click(within(banner).getByRole('button', { name: 'Dismiss' }));
    await waitFor(() => expect(callout()).not.toBeNull());
    await expect(page.queryByRole('region', { name: 'Running out of storage?' })).toBeNull();
  },
};

/** Dismissed in another tab: the prompt leaves this one at once, and this tab sends no dismissal. */
export const DismissedInAnotherTab: Story = {
  render: () => <UpsellBanner custom={usage.storage} />,
  async play(context) {
    const page = body(context.canvasElement);
    await page.findByRole('region', { name: 'Running out of storage?' });
    // What another tab of the same app posts when its user dismisses the offer.
    const otherTab = new BroadcastChannel(`upsell-kit:${backendOf(context).baseUrl}`);
    otherTab.postMessage({ offerId: 'storage_upsell', until: Date.now() + 60_000 });
    otherTab.close();
    await waitFor(() =>
      expect(page.queryByRole('region', { name: 'Running out of storage?' })).toBeNull(),
    );
    await expect(
      backendOf(context)
        .sim.inspect.events()
        .map((e) => e.type),
    ).not.toContain('dismissed');
  },
};

/**
 * At most 2 displays a day (`frequency: { app: { max: 2, per: '24h' } }` on the server): the third
 * page load shows nothing, makes no Chargebee call and sends no `viewed`.
 */
export const FrequencyCapTwoPerDay: Story = {
  parameters: { upsell: { server: { frequency: { app: { max: 2, per: '24h' } } } } },
  render: function Render() {
    const [load, setLoad] = useState(1);
    return (
      <>
        <button type="button" onClick={() => setLoad((n) => n + 1)}>
          Load the page again
        </button>
        <p>Page load {load}</p>
        {/* A fresh provider per load: a new page, with its own offers cache. */}
        <UpsellProvider key={load} baseUrl="/api/upsell">
          <UpsellBanner custom={usage.storage} />
        </UpsellProvider>
      </>
    );
  },
  async play(context) {
    const page = body(context.canvasElement);
    const backend = backendOf(context);
    const { sim } = backend;
    // Displays as the kit's server counts them: each `POST /events` (only views here). Chargebee
    // hears of the second one once (the same cached personalized offer), the cap counts both.
    const views = () => backend.requests().filter((r) => r.path === '/events' && r.status).length;
    await page.findByRole('region', { name: 'Running out of storage?' });
    await waitFor(() => expect(views()).toBe(1));
    await userEvent.click(page.getByRole('button', { name: 'Load the page again' }));
    await page.findByText('Page load 2');
    await page.findByRole('region', { name: 'Running out of storage?' });
    await waitFor(() => expect(views()).toBe(2));
    const calls = sim.inspect.requests().length;
    const chargebeeViews = sim.inspect.events().length;
    await userEvent.click(page.getByRole('button', { name: 'Load the page again' }));
    await page.findByText('Page load 3');
    await waitFor(() =>
      expect(
        backendOf(context)
          .requests()
          .filter((r) => r.path === '/offers' && r.status === 200),
      ).toHaveLength(3),
    );
    await expect(page.queryByRole('region', { name: 'Running out of storage?' })).toBeNull();
    await expect(sim.inspect.requests()).toHaveLength(calls);
    await expect(views()).toBe(2);
    await expect(sim.inspect.events()).toHaveLength(chargebeeViews);
  },
};

/**
 * After the accept, the app updates: `onCompleted` invalidates the app's own query (its plan),
 * and the storage figure changes without a reload.
 */
export const AfterAcceptTheAppUpdates: Story = {
  parameters: {
    upsell: { outcomes: { billing_update: { outcome: 'completed', delayMs: 0 } } },
  },
  render: function Render(_args, context) {
    const { sim, baseUrl } = backendOf(context);
    const [queryClient] = useState(() => new QueryClient());
    // The app's own read of its entitlements: here, 100 GB more per completed storage option.
    const plan = useQuery(
      {
        queryKey: ['plan'],
        queryFn: async () => ({
          storageGb:
            500 +
            100 *
              sim.inspect
                .fulfillments()
                .filter((f) => f.option_id === 'add_100gb_storage' && f.status === 'completed')
                .length,
        }),
        staleTime: Infinity,
      },
      queryClient,
    );
    return (
      <UpsellProvider
        baseUrl={baseUrl}
        queryClient={queryClient}
        onCompleted={() => void queryClient.invalidateQueries({ queryKey: ['plan'] })}
      >
        <p>Storage: 430 GB of {plan.data?.storageGb ?? '…'} GB</p>
        <UpsellBanner custom={usage.storage} />
      </UpsellProvider>
    );
  },
  async play({ canvasElement }) {
    const page = body(canvasElement);
    await page.findByText('Storage: 430 GB of 500 GB');
    await userEvent.click(await page.findByRole('button', { name: 'Add 100 GB storage' }));
    await page.findByText('Done! Your plan has been updated.');
    await page.findByText('Storage: 430 GB of 600 GB');
  },
};
