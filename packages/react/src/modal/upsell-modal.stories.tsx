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
    const notNow = within(dialog).getByRole('button', { name: 'Not now' });
    // The dialog, never the option: an Enter right after opening accepts nothing.
    await waitFor(() => expect(dialog).toHaveFocus());
    await userEvent.keyboard('{Enter}');
    await expect(sim.inspect.fulfillments()).toEqual([]);
    await userEvent.tab();
    await expect(dismiss).toHaveFocus();
    await userEvent.tab();
    await expect(cta).toHaveFocus();
    await userEvent.tab();
    await expect(notNow).toHaveFocus();
    await userEvent.tab();
    await expect(dismiss).toHaveFocus();
    await userEvent.tab({ shift: true });
    await expect(notNow).toHaveFocus();
    // The page behind is inert and does not scroll.
    await expect(opener.closest('[inert]')).not.toBeNull();
    await expect(getComputedStyle(document.documentElement).overflow).toBe('hidden');
    await userEvent.keyboard('{Escape}');
    await waitFor(() => expect(body.queryByRole('dialog')).toBeNull());
    await expect(opener).toHaveFocus();
    await expect(opener.closest('[inert]')).toBeNull();
    await expect(getComputedStyle(document.documentElement).overflow).not.toBe('hidden');
    await waitFor(() =>
      expect(sim.inspect.events().map((e) => e.type)).toEqual(['viewed', 'dismissed']),
    );
  },
};

/** A page with a text field, as in the demo: the user is typing a figure when the offer arrives. */
function FormPage(props: Parameters<typeof UpsellModal>[0]) {
  return (
    <main>
      <label>
        Storage quota (%) <input name="quota" />
      </label>
      <UpsellModal {...props} />
    </main>
  );
}

/**
 * Uncontrolled, the modal waits until the user is idle: never while a text field has focus, and
 * not within 1.5 s of a keystroke. Then it focuses itself, so an Enter meant for the form accepts
 * nothing.
 */
export const WaitsWhileTyping: Story = {
  render: (args) => <FormPage {...args} />,
  async play({ canvasElement, ...context }) {
    const backend = backendOf(context);
    const body = within(canvasElement.ownerDocument.body);
    const field = await body.findByRole('textbox', { name: 'Storage quota (%)' });
    await userEvent.click(field);
    await userEvent.keyboard('8');
    // The offer reached the page (the request log under the story says so).
    await body.findByText(/POST \S+\/offers → 200/);
    await userEvent.keyboard('5');
    // The offer is there; the field still has focus: nothing opens, nothing is viewed.
    await expect(body.queryByRole('dialog')).toBeNull();
    await expect(backend.sim.inspect.events()).toEqual([]);
    // Leaving the field (Tab) is a keystroke too: the dialog opens 1.5 s after it.
    await userEvent.tab();
    const dialog = await body.findByRole('dialog', { name: 'Running out of storage?' });
    await expect(dialog).toHaveFocus();
    await userEvent.keyboard('{Enter}');
    await expect(backend.sim.inspect.fulfillments()).toEqual([]);
    await waitFor(() =>
      expect(backend.sim.inspect.events().map((e) => e.type)).toEqual(['viewed']),
    );
  },
};

/** A click on the overlay closes the modal (a dismissal); focus never falls to the body. */
export const OutsideClickDismisses: Story = {
  async play({ canvasElement, ...context }) {
    const { sim } = backendOf(context);
    const body = within(canvasElement.ownerDocument.body);
    const dialog = await body.findByRole('dialog', { name: 'Running out of storage?' });
    await waitFor(() => expect(dialog).toHaveFocus());
    await userEvent.click(dialog.closest('.upsell-overlay') as HTMLElement);
    await waitFor(() => expect(body.queryByRole('dialog')).toBeNull());
    await waitFor(() =>
      expect(sim.inspect.events().map((e) => e.type)).toEqual(['viewed', 'dismissed']),
    );
  },
};

/** `closeOnOutsideClick={false}`: the overlay click does nothing, and focus stays in the dialog. */
export const OutsideClickIgnored: Story = {
  args: { closeOnOutsideClick: false },
  async play({ canvasElement }) {
    const body = within(canvasElement.ownerDocument.body);
    const dialog = await body.findByRole('dialog', { name: 'Running out of storage?' });
    await waitFor(() => expect(dialog).toHaveFocus());
    await userEvent.click(dialog.closest('.upsell-overlay') as HTMLElement);
    await expect(dialog).toBeInTheDocument();
    await expect(dialog).toHaveFocus();
  },
};

/** "Not now" closes the modal and counts as a dismissal, like the corner × and Escape. */
export const NotNow: Story = {
  async play({ canvasElement, ...context }) {
    const { sim } = backendOf(context);
    const body = within(canvasElement.ownerDocument.body);
    const dialog = await body.findByRole('dialog', { name: 'Running out of storage?' });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Not now' }));
    await waitFor(() => expect(body.queryByRole('dialog')).toBeNull());
    await waitFor(() =>
      expect(sim.inspect.events().map((e) => e.type)).toEqual(['viewed', 'dismissed']),
    );
  },
};

/**
 * The customer left Chargebee's checkout: "Try again" fetches the offer again, Chargebee
 * personalizes it anew, and the options are back.
 */
export const RetryAfterFailure: Story = {
  args: { custom: usage.seats },
  async play({ canvasElement }) {
    const body = within(canvasElement.ownerDocument.body);
    const dialog = await body.findByRole('dialog', { name: 'Upgrade to Business' });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Upgrade to Business' }));
    const checkout = await body.findByRole('region', { name: 'Chargebee checkout (simulator)' });
    await userEvent.click(within(checkout).getByRole('button', { name: 'Abandon' }));
    await waitFor(() => expect(dialog).toHaveAttribute('data-state', 'failed'), {
      timeout: 10_000,
    });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Try again' }));
    const again = await within(dialog).findByRole('button', { name: 'Upgrade to Business' });
    await expect(dialog).toHaveAttribute('data-state', 'ready');
    await expect(again).not.toHaveAttribute('aria-disabled');
  },
};
