import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, waitFor, within } from 'storybook/test';
import { promptStories } from '../../../../.storybook/prompt-stories';
import { backendOf, usage } from '../../../../.storybook/upsell-msw';
import { UpsellInlineCallout } from './upsell-inline-callout';

/**
 * `UpsellInlineCallout`: a region to place next to a usage meter, viewed once at least half of it
 * is on screen. Every story fetches its offer through the real hook, client and server handler
 * from the Chargebee simulator.
 */
const meta = {
  title: 'InlineCallout',
  component: UpsellInlineCallout,
  args: { custom: usage.storage },
} satisfies Meta<typeof UpsellInlineCallout>;
export default meta;
type Story = StoryObj<typeof meta>;

const scenarios = promptStories('callout');

export const Loading: Story = scenarios.loading;
export const Empty: Story = scenarios.empty;
export const Ready: Story = scenarios.ready;
export const Accepting: Story = scenarios.accepting;
export const Fulfilling: Story = scenarios.fulfilling;
export const Completed: Story = scenarios.completed;
export const FailedBillingUpdate: Story = scenarios.failedBillingUpdate;
export const FailedCheckoutAbandoned: Story = scenarios.failedCheckoutAbandoned;
export const FailedExternalFulfillment: Story = scenarios.failedExternalFulfillment;
export const FailedInternalError: Story = scenarios.failedInternalError;
export const FailedFulfillmentExpired: Story = scenarios.failedFulfillmentExpired;
export const AlreadyAccepted: Story = scenarios.alreadyAccepted;
export const Dismissed: Story = scenarios.dismissed;
export const UpstreamError: Story = scenarios.upstreamError;
export const LongContent: Story = scenarios.longContent;
export const NonEnglish: Story = scenarios.nonEnglish;
export const Japanese: Story = scenarios.japanese;
export const HostileHtml: Story = scenarios.hostileHtml;
export const BillingUpdate: Story = scenarios.billingUpdate;
export const Checkout: Story = scenarios.checkout;
export const UrlRedirect: Story = scenarios.urlRedirect;
export const WebhookCreditsGrant: Story = scenarios.webhookCreditsGrant;
export const DoubleClick: Story = scenarios.doubleClick;
export const ThemeLight: Story = scenarios.themeLight;
export const ThemeDark: Story = scenarios.themeDark;
export const ThemeBrand: Story = scenarios.themeBrand;

/** Where the callout belongs: next to the usage meter it is about, in the app's own section. */
export const NextToUsageMeter: Story = {
  render: (args) => (
    <section aria-labelledby="storage-heading" className="story-usage-section">
      <h2 id="storage-heading">Storage</h2>
      <p>
        <strong>86 GB</strong> of 100 GB used
      </p>
      <progress max={100} value={86} aria-label="Storage used" />
      <UpsellInlineCallout {...args} />
    </section>
  ),
  async play({ canvas, ...context }) {
    const section = await canvas.findByRole('region', { name: 'Storage' });
    const callout = await within(section).findByRole('region', {
      name: 'Running out of storage?',
    });
    await expect(callout).toHaveAttribute('data-state', 'ready');
    await waitFor(() =>
      expect(
        backendOf(context)
          .sim.inspect.events()
          .map((e) => e.type),
      ).toEqual(['viewed']),
    );
  },
};
