import type { Meta, StoryObj } from '@storybook/react-vite';
import type { CustomFields } from '@upsell-kit/core';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { backendOf, usage } from '../../../.storybook/upsell-msw';
import { useUpsellOffer } from './use-upsell-offer';

interface StorageMeterProps {
  /** The usage context, as the app knows it. */
  custom: CustomFields;
}

/**
 * An app's own markup on the headless hook: a storage meter with the offer folded into it. The
 * prop getters bring ids, ARIA, `data-state`, the sanitized HTML and the handlers; the caller's
 * props go last (here a visible "Not now" that also names the dismiss button).
 */
function StorageMeter({ custom }: StorageMeterProps) {
  const upsell = useUpsellOffer({ custom, placement: 'inline' });
  const used = Number(custom.storage_used_percent ?? 0);
  const showOffer = upsell.offer !== null && upsell.status !== 'dismissed';
  return (
    <div className="story-meter">
      <p className="story-meter-label">
        Storage: <strong>{used}%</strong> of 100 GB used
      </p>
      <progress className="story-meter-bar" max={100} value={used} aria-label="Storage used" />
      <p className="story-meter-hook">
        Hook status: <code data-testid="hook-status">{upsell.status}</code>
      </p>
      {showOffer && upsell.offer ? (
        <article {...upsell.getRootProps({ className: 'story-meter-offer' })}>
          <div {...upsell.getTitleProps({ className: 'story-meter-title' })} />
          <div {...upsell.getDescriptionProps()} />
          <div className="story-meter-actions">
            {upsell.offer.options.map((option) => (
              <button key={option.id} {...upsell.getCtaProps(option)}>
                {option.label}
              </button>
            ))}
            <button {...upsell.getDismissProps({ 'aria-label': 'Not now' })}>Not now</button>
          </div>
          <p {...upsell.getStatusProps()} />
        </article>
      ) : null}
    </div>
  );
}

/**
 * `useUpsellOffer` with no component of the kit: the hook returns state (`status`, `offer`,
 * `fulfillment`, `error`, `message`), actions (`accept`, `dismiss`, `markViewed`, `refetch`) and
 * prop getters. The same simulator-backed data path as every other story.
 */
const meta = {
  title: 'Headless/useUpsellOffer',
  component: StorageMeter,
  args: { custom: usage.storage },
} satisfies Meta<typeof StorageMeter>;
export default meta;
type Story = StoryObj<typeof meta>;

const hookStatus = (canvasElement: HTMLElement) => within(canvasElement).getByTestId('hook-status');

/** Unlike the components, a headless prompt can show what it likes while loading. */
export const Loading: Story = {
  parameters: {
    upsell: {
      faults: { personalized_offers: { latencyMs: 600_000 } },
      upstreamTimeoutMs: 1_200_000,
    },
  },
  async play({ canvasElement }) {
    await waitFor(() => expect(hookStatus(canvasElement)).toHaveTextContent('loading'));
  },
};

export const Empty: Story = {
  args: { custom: usage.none },
  async play({ canvasElement }) {
    await waitFor(() => expect(hookStatus(canvasElement)).toHaveTextContent('empty'));
    await expect(within(canvasElement).queryByRole('region')).toBeNull();
  },
};

export const UpstreamError: Story = {
  parameters: { upsell: { faults: { personalized_offers: { status: 500 } } } },
  async play({ canvasElement }) {
    await waitFor(() => expect(hookStatus(canvasElement)).toHaveTextContent('error'));
  },
};

export const Ready: Story = {
  async play({ canvasElement, ...context }) {
    const canvas = within(canvasElement);
    const offer = await canvas.findByRole('region', { name: 'Running out of storage?' });
    await expect(offer).toHaveAttribute('data-state', 'ready');
    await expect(canvas.getByRole('heading', { name: 'Running out of storage?' })).toBeVisible();
    await waitFor(() =>
      expect(
        backendOf(context)
          .sim.inspect.events()
          .map((e) => e.type),
      ).toEqual(['viewed']),
    );
  },
};

/** View → accept → completed with the app's own markup. */
export const Completed: Story = {
  parameters: {
    upsell: { outcomes: { billing_update: { outcome: 'completed', delayMs: 0 } } },
  },
  async play({ canvasElement }) {
    const canvas = within(canvasElement);
    const offer = await canvas.findByRole('region', { name: 'Running out of storage?' });
    await userEvent.click(within(offer).getByRole('button', { name: 'Add 100 GB storage' }));
    await waitFor(() => expect(hookStatus(canvasElement)).toHaveTextContent('completed'), {
      timeout: 10_000,
    });
    await expect(within(offer).getByRole('status')).toHaveTextContent(
      'Done! Your plan has been updated.',
    );
  },
};

export const Dismissed: Story = {
  async play({ canvasElement, ...context }) {
    const { sim } = backendOf(context);
    const canvas = within(canvasElement);
    const offer = await canvas.findByRole('region', { name: 'Running out of storage?' });
    await waitFor(() => expect(sim.inspect.events().map((e) => e.type)).toEqual(['viewed']));
    await userEvent.click(within(offer).getByRole('button', { name: 'Not now' }));
    await waitFor(() => expect(hookStatus(canvasElement)).toHaveTextContent('dismissed'));
    await expect(canvas.queryByRole('region')).toBeNull();
    await waitFor(() =>
      expect(sim.inspect.events().map((e) => e.type)).toEqual(['viewed', 'dismissed']),
    );
  },
};
