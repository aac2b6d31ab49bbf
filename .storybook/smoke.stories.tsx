import type { Meta, StoryObj } from '@storybook/react-vite';
import Chargebee from 'chargebee';
import { useEffect, useState } from 'react';
import { expect } from 'storybook/test';
import { createSimulator } from '../packages/chargebee-simulator/src/create-simulator';

const sim = createSimulator();

function Probe() {
  const [text, setText] = useState('pending');
  useEffect(() => {
    const cb = new Chargebee({ site: 'upsell-kit-test', apiKey: 'test_simulator_key' });
    cb.personalizedOffer
      .personalizedOffers({
        customer_id: 'cus_story',
        subscription_id: 'sub_story',
        custom: { storage_used_percent: 85 },
      } as never)
      .then((r) => setText(JSON.stringify(r.personalized_offers?.[0]?.options?.[0]?.label)))
      .catch((e: unknown) => setText(`error ${JSON.stringify(e)} ${String(e)}`));
  }, []);
  return <output>{text}</output>;
}

const meta = { title: 'Internals/Smoke', component: Probe } satisfies Meta<typeof Probe>;
export default meta;

export const SdkThroughSimulator: StoryObj<typeof meta> = {
  beforeEach({ msw }) {
    msw.use(...sim.handlers);
  },
  async play({ canvas }) {
    await expect(await canvas.findByText(/Add 100 GB/, {}, { timeout: 5000 })).toBeVisible();
  },
};
