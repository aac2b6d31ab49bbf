import type { Meta, StoryObj } from '@storybook/react-vite';
import type { CustomFields } from '@upsell-kit/core';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { storageTitled } from '../../../.storybook/scenarios';
import { StoryShell } from '../../../.storybook/story-shell';
import {
  acceptElsewhere,
  backendOf,
  installStoryBackends,
  namedBackendOf,
  usage,
  type StoryBackend,
  type StoryBackendOptions,
} from '../../../.storybook/upsell-msw';
import { UpsellBanner } from './banner/upsell-banner';
import { UpsellInlineCallout } from './inline-callout/upsell-inline-callout';
import { useUpsellOffer } from './use-upsell-offer';

const HOLD_MS = 10 * 60 * 1000;

/** Each panel: its own simulator and server, configured for one state. */
const panels = {
  loading: {
    backend: {
      faults: { personalized_offers: { latencyMs: HOLD_MS } },
      upstreamTimeoutMs: HOLD_MS * 2,
    },
  },
  empty: { custom: usage.none, backend: {} },
  error: { backend: { faults: { personalized_offers: { status: 500 } } } },
  ready: { backend: {} },
  accepting: {
    backend: {
      faults: { 'offer_fulfillments.create': { latencyMs: HOLD_MS } },
      upstreamTimeoutMs: HOLD_MS * 2,
    },
  },
  fulfilling: {
    backend: { outcomes: { billing_update: { outcome: 'completed', delayMs: 86_400_000 } } },
  },
  completed: { backend: { outcomes: { billing_update: { outcome: 'completed', delayMs: 0 } } } },
  failed: {
    backend: {
      outcomes: {
        billing_update: { outcome: 'failed', errorCode: 'billing_update_failed', delayMs: 0 },
      },
    },
  },
  already_accepted: { backend: {} },
  dismissed: { backend: {} },
} satisfies Record<string, { custom?: CustomFields; backend: StoryBackendOptions }>;

type PanelName = keyof typeof panels;
const names = Object.keys(panels) as PanelName[];

/** Shown where the banner renders nothing: what the hook says (a banner never spins). */
function HookStatus({ custom }: { custom: CustomFields }) {
  const { status } = useUpsellOffer({ custom });
  return (
    <p className="story-panel-note">
      The banner renders nothing here. Hook status: <code>{status}</code>
    </p>
  );
}

function Panel({ name, backend }: { name: PanelName; backend: StoryBackend }) {
  const panel = panels[name];
  const custom = 'custom' in panel ? panel.custom : usage.storage;
  const rendersNothing = ['loading', 'empty', 'error', 'dismissed'].includes(name);
  return (
    <figure className="story-panel" aria-label={name}>
      <figcaption>
        <code>{name}</code>
      </figcaption>
      <StoryShell backend={backend} log={false}>
        <UpsellBanner custom={custom} />
        {rendersNothing ? <HookStatus custom={custom} /> : null}
      </StoryShell>
    </figure>
  );
}

// Takes the story id, not the story context: Storybook serializes a story's props for its
// source snippet, and the context is a large cyclic object.
function AllStatesGrid({ storyId }: { storyId: string }) {
  return (
    <div className="story-grid">
      {names.map((name) => (
        <Panel key={name} name={name} backend={namedBackendOf({ id: storyId }, name)} />
      ))}
    </div>
  );
}

/** Every lifecycle state of `UpsellBanner` at once, each panel on its own simulator. */
const meta = {
  title: 'Overview',
  parameters: { upsell: false, layout: 'fullscreen' },
} satisfies Meta;
export default meta;

const title = (name: PanelName) => `Running out of storage? (${name.replace('_', ' ')})`;

/** Drives each panel to its state: the interactions a user (or a teammate) would make. */
async function drive(name: PanelName, figure: HTMLElement, backend: StoryBackend) {
  const panel = within(figure);
  const region = () => panel.findByRole('region', { name: title(name) }, { timeout: 10_000 });
  const accept = async () =>
    userEvent.click(within(await region()).getByRole('button', { name: 'Add 100 GB storage' }));
  const viewed = () =>
    waitFor(() => expect(backend.sim.inspect.events().map((e) => e.type)).toContain('viewed'));
  switch (name) {
    case 'accepting':
    case 'fulfilling':
    case 'completed':
    case 'failed':
      await accept();
      break;
    case 'already_accepted':
      await region();
      await acceptElsewhere(backend, usage.storage);
      await accept();
      break;
    case 'dismissed':
      await region();
      await viewed();
      await userEvent.click(within(await region()).getByRole('button', { name: 'Dismiss' }));
      break;
    default:
      break;
  }
  if (['loading', 'empty', 'error', 'dismissed'].includes(name)) {
    const hook = name === 'error' ? 'error' : name;
    await waitFor(
      () => expect(panel.getByText(hook, { selector: '.story-panel-note code' })).toBeVisible(),
      {
        timeout: 10_000,
      },
    );
    // Only the caption and the hook status name it: no banner in this panel.
    await expect(panel.queryByRole('region')).toBeNull();
  } else {
    const root = await region();
    await waitFor(() => expect(root).toHaveAttribute('data-state', name), { timeout: 15_000 });
  }
}

export const AllStates: StoryObj = {
  beforeEach(context) {
    installStoryBackends(
      context,
      Object.fromEntries(
        names.map((name) => [
          name,
          { scenario: storageTitled(title(name)), ...panels[name].backend },
        ]),
      ) as Record<PanelName, StoryBackendOptions>,
    );
  },
  render: (_args, { id }) => <AllStatesGrid storyId={id} />,
  async play(context) {
    const canvas = within(context.canvasElement);
    await Promise.all(
      names.map(async (name) =>
        drive(name, canvas.getByRole('figure', { name }), namedBackendOf(context, name)),
      ),
    );
  },
};

/**
 * A banner and a callout with the same usage context: one offer request, one `viewed`, and
 * dismissing one hides the other (the offer, not the component, was dismissed).
 */
export const SharedContext: StoryObj = {
  parameters: { upsell: {}, layout: 'padded' },
  render: () => (
    <>
      <UpsellBanner custom={usage.storage} />
      <section aria-labelledby="shared-storage-heading" className="story-usage-section">
        <h2 id="shared-storage-heading">Storage</h2>
        <progress max={100} value={86} aria-label="Storage used" />
        <UpsellInlineCallout custom={usage.storage} />
      </section>
    </>
  ),
  async play(context) {
    const backend = backendOf(context);
    const canvas = within(context.canvasElement);
    const prompts = await canvas.findAllByRole('region', { name: 'Running out of storage?' });
    await expect(prompts).toHaveLength(2);
    await waitFor(() =>
      expect(backend.sim.inspect.events().map((e) => e.type)).toEqual(['viewed']),
    );
    await expect(backend.requests().filter((r) => r.path === '/offers')).toHaveLength(1);
    await userEvent.click(
      within(prompts[0] as HTMLElement).getByRole('button', { name: 'Dismiss' }),
    );
    await waitFor(() =>
      expect(canvas.queryAllByRole('region', { name: 'Running out of storage?' })).toHaveLength(0),
    );
    await waitFor(() =>
      expect(backend.sim.inspect.events().map((e) => e.type)).toEqual(['viewed', 'dismissed']),
    );
  },
};
