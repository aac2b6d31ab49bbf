import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { promptStories } from '../../../../.storybook/prompt-stories';
import { backendOf, usage } from '../../../../.storybook/upsell-msw';
import { UpsellActions } from '../parts/upsell-actions';
import { UpsellDescription } from '../parts/upsell-description';
import { UpsellDismiss } from '../parts/upsell-dismiss';
import { UpsellStatus } from '../parts/upsell-status';
import { UpsellTitle } from '../parts/upsell-title';
import { UpsellBanner } from './upsell-banner';

/**
 * `UpsellBanner`: a dismissible region for the top of a page. Every story fetches its offer
 * through the real hook, client and server handler from the Chargebee simulator.
 */
const meta = {
  title: 'Banner',
  component: UpsellBanner,
  args: { custom: usage.storage },
} satisfies Meta<typeof UpsellBanner>;
export default meta;
type Story = StoryObj<typeof meta>;

const scenarios = promptStories('banner');

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

/** Parts: the kit's behaviour in your own layout, inside the kit's root. */
export const CustomLayoutWithParts: Story = {
  parameters: {
    upsell: { outcomes: { billing_update: { outcome: 'completed', delayMs: 0 } } },
  },
  render: (args) => (
    <UpsellBanner {...args} className="story-parts-banner">
      <UpsellDismiss className="story-parts-dismiss">Not now</UpsellDismiss>
      <UpsellTitle aria-level={3} />
      <UpsellDescription />
      <UpsellActions buttonClassName="story-parts-cta" />
      <UpsellStatus />
    </UpsellBanner>
  ),
  async play({ canvas }) {
    const banner = await canvas.findByRole('region', { name: 'Running out of storage?' });
    await expect(within(banner).getByRole('heading', { level: 3 })).toHaveTextContent(
      'Running out of storage?',
    );
    await userEvent.click(within(banner).getByRole('button', { name: 'Add 100 GB storage' }));
    await expect(
      await within(banner).findByText('Done! Your plan has been updated.'),
    ).toBeVisible();
  },
};

/** A render function: full control over the markup; the prop getters bring the behaviour. */
export const RenderFunction: Story = {
  render: (args) => (
    <UpsellBanner {...args}>
      {(upsell) => (
        <aside {...upsell.getRootProps({ className: 'story-promo' })}>
          <div {...upsell.getTitleProps({ 'aria-level': 3, className: 'story-promo-title' })} />
          {upsell.offer?.options.map((option) => (
            <button
              key={option.id}
              {...upsell.getCtaProps(option, { className: 'story-promo-cta' })}
            >
              {option.label} →
            </button>
          ))}
          <div {...upsell.getStatusProps()} />
        </aside>
      )}
    </UpsellBanner>
  ),
  async play({ canvas, ...context }) {
    const promo = await canvas.findByRole('region', { name: 'Running out of storage?' });
    await expect(promo.tagName).toBe('ASIDE');
    await expect(promo).toHaveAttribute('data-state', 'ready');
    await waitFor(() =>
      expect(
        backendOf(context)
          .sim.inspect.events()
          .map((e) => e.type),
      ).toEqual(['viewed']),
    );
  },
};
