import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, waitFor } from 'storybook/test';
import { backendOf, usage } from '../../../../.storybook/upsell-msw';
import { UpsellBanner } from './upsell-banner';

const meta = {
  title: 'Banner',
  component: UpsellBanner,
  args: { custom: usage.storage },
} satisfies Meta<typeof UpsellBanner>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Ready: Story = {
  async play(context) {
    const { canvas } = context;
    const banner = await canvas.findByRole('region', { name: 'Running out of storage?' });
    await expect(banner).toHaveAttribute('data-state', 'ready');
    await expect(canvas.getByRole('button', { name: 'Add 100 GB storage' })).toBeEnabled();
    const { sim } = backendOf(context);
    await waitFor(() => expect(sim.inspect.events().map((e) => e.type)).toEqual(['viewed']));
  },
};
