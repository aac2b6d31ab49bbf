import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { promptStories } from '../../../../.storybook/prompt-stories';
import { backendOf, usage } from '../../../../.storybook/upsell-msw';
import { UpsellModal } from './upsell-modal';

/**
 * `UpsellModal`: a dialog (`aria-modal`) named by the offer's title and described by its
 * description. Focus moves in, is trapped, and returns to the opener; Escape closes it and counts
 * as a dismissal. Every story fetches its offer through the real hook, client and server handler
 * from the Chargebee simulator.
 */
const meta = {
  title: 'Modal',
  component: UpsellModal,
  args: { custom: usage.storage },
  parameters: { layout: 'fullscreen' },
} satisfies Meta<typeof UpsellModal>;
export default meta;
type Story = StoryObj<typeof meta>;

const scenarios = promptStories('modal');

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

/** Escape closes the modal, and Chargebee records the dismissal once. */
export const EscapeDismisses: Story = {
  async play({ canvasElement, ...context }) {
    const { sim } = backendOf(context);
    const body = within(canvasElement.ownerDocument.body);
    const dialog = await body.findByRole('dialog', { name: 'Running out of storage?' });
    await expect(dialog).toHaveAttribute('aria-modal', 'true');
    await expect(dialog).toHaveAccessibleDescription(/You've used over 80% of your storage/);
    await waitFor(() => expect(dialog).toContainElement(document.activeElement as HTMLElement));
    await userEvent.keyboard('{Escape}');
    await waitFor(() => expect(body.queryByRole('dialog')).toBeNull());
    await waitFor(() =>
      expect(sim.inspect.events().map((e) => e.type)).toEqual(['viewed', 'dismissed']),
    );
  },
};

/** A page that opens the modal from a button: the controlled `open` / `onOpenChange` pair. */
function OpenFromButton(props: Parameters<typeof UpsellModal>[0]) {
  const [open, setOpen] = useState(false);
  return (
    <main>
      <button type="button" onClick={() => setOpen(true)}>
        See storage offers
      </button>
      <UpsellModal {...props} open={open} onOpenChange={setOpen} />
    </main>
  );
}

/** Focus moves into the dialog, Tab stays inside, and Escape returns focus to the opener. */
export const FocusReturnsToOpener: Story = {
  render: (args) => <OpenFromButton {...args} />,
  async play({ canvasElement, ...context }) {
    const { sim } = backendOf(context);
    const body = within(canvasElement.ownerDocument.body);
    const opener = await body.findByRole('button', { name: 'See storage offers' });
    // The offer is fetched while the modal is closed: wait for it before opening.
    await waitFor(() => expect(sim.inspect.offers()).toHaveLength(1));
    await userEvent.click(opener);
    const dialog = await body.findByRole('dialog', { name: 'Running out of storage?' });
    const cta = within(dialog).getByRole('button', { name: 'Add 100 GB storage' });
    const dismiss = within(dialog).getByRole('button', { name: 'Dismiss' });
    await waitFor(() => expect(cta).toHaveFocus());
    await userEvent.tab();
    await expect(dismiss).toHaveFocus();
    await userEvent.tab();
    await expect(cta).toHaveFocus();
    await userEvent.tab({ shift: true });
    await expect(dismiss).toHaveFocus();
    await userEvent.keyboard('{Escape}');
    await waitFor(() => expect(body.queryByRole('dialog')).toBeNull());
    await expect(opener).toHaveFocus();
    await waitFor(() =>
      expect(sim.inspect.events().map((e) => e.type)).toEqual(['viewed', 'dismissed']),
    );
  },
};
