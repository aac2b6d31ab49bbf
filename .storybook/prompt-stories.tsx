/**
 * The scenarios every prompt (Banner, Modal, InlineCallout) is shown in. Each is a backend
 * configuration of the simulator (`parameters.upsell`), sometimes a step of the simulator during
 * the story (a teammate accepting first, the clock moving on), and a `play` function that drives
 * the real UI and checks what the user and Chargebee see. The component files list them one by
 * one, so each appears under its scenario name (`Banner/Ready`, `Modal/AlreadyAccepted`, …).
 */
import type { StoryContext, StoryObj } from '@storybook/react-vite';
import type { UpsellPromptProps } from '@upsell-kit/react';
import { de } from '@upsell-kit/react/locales/de';
import { ja } from '@upsell-kit/react/locales/ja';
import { useEffect, type ReactNode } from 'react';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import {
  germanScenario,
  hostileScenario,
  japaneseScenario,
  longContentScenario,
  urlRedirectScenario,
} from './scenarios';
import { acceptElsewhere, backendOf, usage, type StoryBackend } from './upsell-msw';

/** Which component the stories are for: decides the root's role and how it closes. */
export type PromptKind = 'banner' | 'modal' | 'callout';

type PromptStory = StoryObj<UpsellPromptProps>;
type Context = StoryContext<UpsellPromptProps>;

const DAY_MS = 24 * 60 * 60 * 1000;
// Long enough that a held request is still pending when anyone looks at the story.
const HOLD_MS = 10 * 60 * 1000;

/** The whole page: the modal renders in a portal on `document.body`, outside the canvas. */
const page = (context: Context) => within(context.canvasElement.ownerDocument.body);

const rootRole = (kind: PromptKind) => (kind === 'modal' ? 'dialog' : 'region');

/** The prompt, found the way a screen reader user finds it: by role and the offer's title. */
async function findPrompt(context: Context, kind: PromptKind, name: string | RegExp) {
  const root = await page(context).findByRole(rootRole(kind), { name }, { timeout: 10_000 });
  // In a browser without reduced motion, look at it once it has faded in, as a person would.
  const overlay = root.closest('.upsell-overlay') ?? root;
  await Promise.all(overlay.getAnimations({ subtree: true }).map((a) => a.finished));
  return root;
}

/** Waits until the kit's server answered `method path` (any status). */
async function answered(backend: StoryBackend, method: string, path: string) {
  await waitFor(
    () =>
      expect(
        backend.requests().some((r) => r.method === method && r.path === path && r.status),
      ).toBe(true),
    { timeout: 10_000 },
  );
}

async function expectState(root: HTMLElement, state: string) {
  await waitFor(() => expect(root).toHaveAttribute('data-state', state), { timeout: 10_000 });
}

/** A failure: announced assertively (`role="alert"`), the polite status region left empty. */
async function expectAlert(root: HTMLElement, text: string | RegExp) {
  await waitFor(() => expect(within(root).getByRole('alert')).toHaveTextContent(text), {
    timeout: 15_000,
  });
  await expect(within(root).getByRole('status')).toBeEmptyDOMElement();
}

/** A finished state shows its next step instead of the options, and focus is on it. */
async function expectNextStep(root: HTMLElement, name: string, offerCta: string) {
  const next = within(root).getByRole('button', { name });
  await expect(within(root).queryByRole('button', { name: offerCta })).toBeNull();
  // The pressed option is gone: focus moved to the next step, never to the page's start.
  await waitFor(() => expect(next).toHaveFocus());
  return next;
}

async function expectStatus(root: HTMLElement, text: string | RegExp) {
  await waitFor(() => expect(within(root).getByRole('status')).toHaveTextContent(text), {
    timeout: 15_000,
  });
}

const fulfillmentPosts = (backend: StoryBackend) =>
  backend.requests().filter((r) => r.method === 'POST' && r.path === '/fulfillments').length;

/** Applies a `data-theme` (and a brand) to the page, so portalled modals are themed too. */
function Themed({
  theme,
  brand,
  children,
}: {
  theme: 'light' | 'dark';
  brand?: string;
  children: ReactNode;
}) {
  useEffect(() => {
    const html = document.documentElement;
    html.dataset.theme = theme;
    if (brand) html.dataset.brand = brand;
    return () => {
      delete html.dataset.theme;
      delete html.dataset.brand;
    };
  }, [theme, brand]);
  return (
    <div className="story-theme-surface" data-theme={theme} data-brand={brand}>
      {children}
    </div>
  );
}

const STORAGE_TITLE = 'Running out of storage?';
const STORAGE_CTA = 'Add 100 GB storage';

/**
 * Every scenario for one kind of prompt.
 *
 * @example
 * const scenarios = promptStories('banner');
 * export const Ready: Story = scenarios.ready;
 */
export function promptStories(kind: PromptKind) {
  const closeLabel = 'Dismiss';

  /** Shared by the accept flows: the storage offer, accepted with a click. */
  async function acceptStorage(context: Context) {
    const root = await findPrompt(context, kind, STORAGE_TITLE);
    await expectState(root, 'ready');
    await userEvent.click(within(root).getByRole('button', { name: STORAGE_CTA }));
    return root;
  }

  /** Failed with Chargebee's `billing_update` outcome `code`, shown in the kit's own words. */
  const failedBillingUpdate = (code: string, message: string): PromptStory => ({
    args: { custom: usage.storage },
    parameters: {
      upsell: { outcomes: { billing_update: { outcome: 'failed', errorCode: code, delayMs: 0 } } },
    },
    async play(context) {
      const root = await acceptStorage(context);
      await expectState(root, 'failed');
      await expectAlert(root, message);
      await expectNextStep(root, 'Try again', STORAGE_CTA);
      await expect(within(root).getByRole('button', { name: 'Close' })).toBeVisible();
      await expect(backendOf(context).sim.inspect.fulfillments()[0]?.error?.code).toBe(code);
    },
  });

  const stories = {
    /** The offer request is still in flight: a prompt never shows a spinner in the page. */
    loading: {
      args: { custom: usage.storage },
      parameters: {
        upsell: {
          faults: { personalized_offers: { latencyMs: HOLD_MS } },
          upstreamTimeoutMs: HOLD_MS * 2,
        },
      },
      async play(context) {
        const backend = backendOf(context);
        await waitFor(() =>
          expect(backend.requests()).toEqual([{ method: 'POST', path: '/offers' }]),
        );
        await expect(page(context).queryByRole(rootRole(kind))).toBeNull();
      },
    },

    /** The customer matches no play: nothing is shown and nothing is recorded. */
    empty: {
      args: { custom: usage.none },
      async play(context) {
        const backend = backendOf(context);
        await answered(backend, 'POST', '/offers');
        await expect(backend.requests()[0]?.status).toBe(200);
        await expect(page(context).queryByRole(rootRole(kind))).toBeNull();
        await expect(backend.sim.inspect.offers()).toEqual([]);
        await expect(backend.sim.inspect.events()).toEqual([]);
      },
    },

    /** The storage offer, shown and recorded as viewed once. */
    ready: {
      args: { custom: usage.storage },
      async play(context) {
        const root = await findPrompt(context, kind, STORAGE_TITLE);
        await expect(root).toHaveAttribute('data-state', 'ready');
        const cta = within(root).getByRole('button', { name: STORAGE_CTA });
        await expect(cta).not.toHaveAttribute('aria-disabled');
        await expect(within(root).getByRole('button', { name: closeLabel })).toBeEnabled();
        // Nothing moved focus onto the option: only the user does that.
        await expect(cta).not.toHaveFocus();
        const { sim } = backendOf(context);
        await waitFor(() => expect(sim.inspect.events().map((e) => e.type)).toEqual(['viewed']));
      },
    },

    /** Chargebee is slow to create the fulfillment: the CTA is disabled, "Processing…" announced. */
    accepting: {
      args: { custom: usage.storage },
      parameters: {
        upsell: {
          faults: { 'offer_fulfillments.create': { latencyMs: HOLD_MS } },
          upstreamTimeoutMs: HOLD_MS * 2,
        },
      },
      async play(context) {
        const root = await acceptStorage(context);
        await expectState(root, 'accepting');
        const cta = within(root).getByRole('button', { name: STORAGE_CTA });
        // Unavailable at once, busy where it was pressed, and focus stays on it.
        await expect(cta).toHaveAttribute('aria-disabled', 'true');
        await expect(cta).toHaveAttribute('aria-busy', 'true');
        await expect(cta.querySelector('.upsell-spinner')).not.toBeNull();
        await expect(cta).toHaveFocus();
        await expectStatus(root, 'Processing…');
        // Pressing it again does nothing.
        await userEvent.keyboard('{Enter}');
        await expect(fulfillmentPosts(backendOf(context))).toBe(1);
      },
    },

    /** The fulfillment was created and Chargebee is still applying it: the kit polls. */
    fulfilling: {
      args: { custom: usage.storage },
      parameters: {
        upsell: { outcomes: { billing_update: { outcome: 'completed', delayMs: DAY_MS } } },
      },
      async play(context) {
        const root = await acceptStorage(context);
        await expectState(root, 'fulfilling');
        const cta = within(root).getByRole('button', { name: STORAGE_CTA });
        await expect(cta).toHaveAttribute('aria-disabled', 'true');
        await expect(cta).toHaveAttribute('aria-busy', 'true');
        await expect(cta).toHaveFocus();
        await expectStatus(root, 'Processing…');
        await expect(backendOf(context).sim.inspect.fulfillments()[0]?.status).toBe('in_progress');
      },
    },

    /** View → accept → completed: the key flow, end to end. */
    completed: {
      args: { custom: usage.storage },
      parameters: {
        upsell: { outcomes: { billing_update: { outcome: 'completed', delayMs: 0 } } },
      },
      async play(context) {
        const backend = backendOf(context);
        const root = await findPrompt(context, kind, STORAGE_TITLE);
        await waitFor(() =>
          expect(backend.sim.inspect.events().map((e) => e.type)).toEqual(['viewed']),
        );
        await userEvent.click(within(root).getByRole('button', { name: STORAGE_CTA }));
        await expectState(root, 'completed');
        await expectStatus(root, 'Done! Your plan has been updated.');
        await expectNextStep(root, 'Done', STORAGE_CTA);
        const fulfillments = backend.sim.inspect.fulfillments();
        await expect(fulfillments).toHaveLength(1);
        await expect(fulfillments[0]).toMatchObject({
          option_id: 'add_100gb_storage',
          status: 'completed',
        });
      },
    },

    failedBillingUpdate: failedBillingUpdate(
      'billing_update_failed',
      'We could not update your subscription. Please check your payment method.',
    ),

    failedInternalError: failedBillingUpdate(
      'internal_error',
      'We could not complete this upgrade. You have not been charged.',
    ),

    /** The customer left Chargebee's hosted checkout without paying. */
    failedCheckoutAbandoned: {
      args: { custom: usage.seats },
      async play(context) {
        const root = await findPrompt(context, kind, 'Upgrade to Business');
        await expectState(root, 'ready');
        await userEvent.click(within(root).getByRole('button', { name: 'Upgrade to Business' }));
        const checkout = await page(context).findByRole('region', {
          name: 'Chargebee checkout (simulator)',
        });
        await userEvent.click(within(checkout).getByRole('button', { name: 'Abandon' }));
        await expectState(root, 'failed');
        await expectAlert(root, 'The checkout was not completed.');
      },
    },

    /** The merchant's fulfiller could not grant the credits and reported it to Chargebee. */
    failedExternalFulfillment: {
      args: { custom: usage.aiCredits },
      parameters: {
        upsell: {
          server: {
            fulfill: {
              claim_50_ai_credits: async () => ({
                status: 'failed' as const,
                reason: 'The credits service is unavailable.',
              }),
            },
          },
        },
      },
      async play(context) {
        const root = await findPrompt(context, kind, "You're almost out of AI credits");
        await expectState(root, 'ready');
        await userEvent.click(
          within(root).getByRole('button', { name: 'Claim 50 bonus AI credits' }),
        );
        await expectState(root, 'failed');
        await expectAlert(root, 'We could not apply this offer. Please contact support.');
        await expect(backendOf(context).sim.inspect.fulfillments()[0]?.error?.code).toBe(
          'external_fulfillment_failed',
        );
      },
    },

    /**
     * Nobody completed a webhook fulfillment within 7 days: Chargebee fails it with
     * `external_fulfillment_failed` (only checkout pages end as `fulfillment_expired`).
     */
    failedFulfillmentExpired: {
      args: { custom: usage.aiCredits },
      // No fulfiller for the webhook option: it stays in progress until the clock moves on.
      parameters: { upsell: { server: { fulfill: {} } } },
      async play(context) {
        const { sim } = backendOf(context);
        const root = await findPrompt(context, kind, "You're almost out of AI credits");
        await expectState(root, 'ready');
        await userEvent.click(
          within(root).getByRole('button', { name: 'Claim 50 bonus AI credits' }),
        );
        await expectState(root, 'fulfilling');
        sim.clock.advance(8 * DAY_MS);
        await expectState(root, 'failed');
        await expectAlert(root, 'We could not apply this offer. Please contact support.');
        await expect(sim.inspect.fulfillments()[0]?.error?.code).toBe(
          'external_fulfillment_failed',
        );
      },
    },

    /** A teammate on the same subscription accepted this offer first (HTTP 409). */
    alreadyAccepted: {
      args: { custom: usage.storage },
      async play(context) {
        const backend = backendOf(context);
        const root = await findPrompt(context, kind, STORAGE_TITLE);
        await expectState(root, 'ready');
        await acceptElsewhere(backend, usage.storage);
        await userEvent.click(within(root).getByRole('button', { name: STORAGE_CTA }));
        await expectState(root, 'already_accepted');
        await expectStatus(root, 'This offer has already been accepted.');
        // Informational: neutral text colour, not the danger one, and "Done" to close.
        const status = within(root).getByRole('status');
        await expect(getComputedStyle(status).color).not.toBe(
          getComputedStyle(within(root).getByRole('alert')).color,
        );
        await expectNextStep(root, 'Done', STORAGE_CTA);
        await expect(backend.requests().find((r) => r.path === '/fulfillments')?.status).toBe(409);
        // Only the teammate's fulfillment exists.
        await expect(backend.sim.inspect.fulfillments()).toHaveLength(1);
      },
    },

    /** The user closed the prompt: it is gone, and Chargebee recorded the dismissal once. */
    dismissed: {
      args: { custom: usage.storage },
      async play(context) {
        const { sim } = backendOf(context);
        const root = await findPrompt(context, kind, STORAGE_TITLE);
        await expectState(root, 'ready');
        // Seen first (the callout counts a view once half of it is on screen), then closed.
        await waitFor(() => expect(sim.inspect.events().map((e) => e.type)).toEqual(['viewed']));
        await userEvent.click(within(root).getByRole('button', { name: closeLabel }));
        await waitFor(() => expect(page(context).queryByRole(rootRole(kind))).toBeNull());
        await waitFor(() =>
          expect(sim.inspect.events().map((e) => e.type)).toEqual(['viewed', 'dismissed']),
        );
      },
    },

    /** Chargebee answers 500: the server maps it to 502 and the prompt stays out of the way. */
    upstreamError: {
      args: { custom: usage.storage },
      parameters: { upsell: { faults: { personalized_offers: { status: 500 } } } },
      async play(context) {
        const backend = backendOf(context);
        await answered(backend, 'POST', '/offers');
        await expect(backend.requests()[0]?.status).toBe(502);
        await expect(page(context).queryByRole(rootRole(kind))).toBeNull();
      },
    },

    /** Copy as long as real marketing copy gets, three options, a long unbroken URL. */
    longContent: {
      args: { custom: usage.storage },
      parameters: { upsell: { scenario: longContentScenario } },
      async play(context) {
        const root = await findPrompt(context, kind, /Your workspace is almost out of storage/);
        await expect(
          within(root).getAllByRole('button', { name: /storage|Business/ }),
        ).toHaveLength(3);
        await expect(within(root).getByRole('list')).toBeVisible();
      },
    },

    /**
     * German copy with the bundled German messages (`@upsell-kit/react/locales/de`) and `locale`
     * (sent to Chargebee as `request_context`).
     */
    nonEnglish: {
      args: { custom: usage.storage },
      parameters: {
        upsell: { scenario: germanScenario },
        upsellProvider: { locale: 'de-DE', messages: de },
      },
      async play(context) {
        const backend = backendOf(context);
        const root = await findPrompt(context, kind, 'Ihr Speicherplatz wird knapp');
        await expect(within(root).getByRole('button', { name: 'Ausblenden' })).toBeVisible();
        const offersCall = backend.sim.inspect
          .requests()
          .find((r) => r.path.endsWith('/personalized_offers'));
        await expect(offersCall?.body).toMatchObject({ request_context: { locale: 'de-DE' } });
        await userEvent.click(
          within(root).getByRole('button', { name: '100 GB Speicher hinzufügen' }),
        );
        await expectStatus(root, /Wird verarbeitet…|Fertig!/);
      },
    },

    /** Japanese copy (no spaces to break lines at) with the bundled Japanese messages. */
    japanese: {
      args: { custom: usage.storage },
      parameters: {
        upsell: { scenario: japaneseScenario },
        upsellProvider: { locale: 'ja-JP', messages: ja },
      },
      async play(context) {
        const root = await findPrompt(context, kind, 'ストレージの空き容量が少なくなっています');
        await expect(within(root).getByRole('button', { name: '100GBを追加する' })).toBeEnabled();
      },
    },

    /** What the sanitizer leaves of hostile offer HTML: the formatting, nothing that runs. */
    hostileHtml: {
      args: { custom: usage.storage },
      parameters: { upsell: { scenario: hostileScenario } },
      async play(context) {
        const root = await findPrompt(context, kind, /Running out of storage\?/);
        await expect((window as { __upsellXss?: unknown }).__upsellXss).toBeUndefined();
        await expect(
          root.querySelector(
            'script, style, img, iframe, object, embed, form, input, svg, math, base, meta',
          ),
        ).toBeNull();
        for (const element of root.querySelectorAll('*')) {
          const names = element.getAttributeNames();
          await expect(names.filter((n) => n.startsWith('on') || n === 'style')).toEqual([]);
        }
        // A link says it opens a new tab; one whose URL was refused is plain text now.
        const terms = within(root).getByRole('link', { name: 'Terms (opens in a new tab)' });
        await expect(root.querySelector('a:not([href])')).toBeNull();
        await expect(within(root).queryByRole('link', { name: /Claim now|Details/ })).toBeNull();
        await expect(root).toHaveTextContent('Claim now');
        // A form's leftover label goes with the form.
        await expect(root).not.toHaveTextContent('Card number');
        await expect(terms).toHaveAttribute('href', 'https://example.com/terms');
        await expect(terms).toHaveAttribute('rel', 'noopener noreferrer');
        await expect(terms).toHaveAttribute('target', '_blank');
        for (const link of root.querySelectorAll('a[href]')) {
          await expect(link.getAttribute('href')).toMatch(/^https:/);
        }
        // The formatting survives.
        await expect(within(root).getByText('100 GB').tagName).toBe('STRONG');
      },
    },

    /** billing_update: Chargebee changes the subscription; the kit polls until it is done. */
    billingUpdate: {
      args: { custom: usage.storage },
      async play(context) {
        const root = await acceptStorage(context);
        await expectState(root, 'fulfilling');
        // The simulator's default: completed 1.5 s after creation, seen by the next poll.
        await expectState(root, 'completed');
        await expectStatus(root, 'Done! Your plan has been updated.');
      },
    },

    /** checkout: Chargebee's hosted page (the simulator's), opened through `onCheckout`. */
    checkout: {
      args: { custom: usage.seats },
      async play(context) {
        const root = await findPrompt(context, kind, 'Upgrade to Business');
        await expectState(root, 'ready');
        await userEvent.click(within(root).getByRole('button', { name: 'Upgrade to Business' }));
        const checkout = await page(context).findByRole('region', {
          name: 'Chargebee checkout (simulator)',
        });
        await userEvent.click(within(checkout).getByRole('button', { name: 'Pay' }));
        await expectState(root, 'completed');
        await expectStatus(root, 'Done! Your plan has been updated.');
      },
    },

    /** url_redirect: the browser goes to the merchant's page (shown here instead of leaving). */
    urlRedirect: {
      args: { custom: usage.storage },
      parameters: { upsell: { scenario: urlRedirectScenario } },
      async play(context) {
        const root = await findPrompt(context, kind, 'Save 20% with annual billing');
        await expectState(root, 'ready');
        await userEvent.click(within(root).getByRole('button', { name: 'See annual plans' }));
        await expect(
          await page(context).findByText('https://app.example.com/billing/annual?from=upsell'),
        ).toBeVisible();
        await expect(backendOf(context).sim.inspect.fulfillments()[0]?.processing_type).toBe(
          'url_redirect',
        );
      },
    },

    /** webhook: the server's `promotionalCredits` fulfiller grants 50 AI credits, then completes. */
    webhookCreditsGrant: {
      args: { custom: usage.aiCredits },
      parameters: {
        upsellProvider: {
          messages: { units: { ai_credits: { one: 'AI credit', other: 'AI credits' } } },
        },
      },
      async play(context) {
        const { sim } = backendOf(context);
        const root = await findPrompt(context, kind, "You're almost out of AI credits");
        await expectState(root, 'ready');
        await userEvent.click(
          within(root).getByRole('button', { name: 'Claim 50 bonus AI credits' }),
        );
        await expectState(root, 'completed');
        // What was granted, in words (`messages.units`), not the raw unit id.
        await expectStatus(root, 'Done! 50 AI credits added to your account.');
        await expect(sim.balances('sub_story', 'ai_credits')).toBe('50');
      },
    },

    /** A double click (two clicks in the same frame) creates exactly one fulfillment. */
    doubleClick: {
      args: { custom: usage.storage },
      parameters: {
        upsell: { outcomes: { billing_update: { outcome: 'completed', delayMs: 0 } } },
      },
      async play(context) {
        const backend = backendOf(context);
        const root = await findPrompt(context, kind, STORAGE_TITLE);
        await expectState(root, 'ready');
        const cta = within(root).getByRole('button', { name: STORAGE_CTA });
        // Both clicks land before React re-renders the disabled button.
        cta.click();
        cta.click();
        await expectState(root, 'completed');
        await expect(fulfillmentPosts(backend)).toBe(1);
        await expect(backend.sim.inspect.fulfillments()).toHaveLength(1);
      },
    },

    themeLight: {
      args: { custom: usage.storage },
      decorators: [
        (Story) => (
          <Themed theme="light">
            <Story />
          </Themed>
        ),
      ],
      async play(context) {
        await findPrompt(context, kind, STORAGE_TITLE);
      },
    },

    themeDark: {
      args: { custom: usage.storage },
      decorators: [
        (Story) => (
          <Themed theme="dark">
            <Story />
          </Themed>
        ),
      ],
      async play(context) {
        await findPrompt(context, kind, STORAGE_TITLE);
      },
    },

    /** A brand theme: only `--upsell-*` custom properties (see `.storybook/story.css`). */
    themeBrand: {
      args: { custom: usage.storage },
      decorators: [
        (Story) => (
          <Themed theme="light" brand="acme">
            <Story />
          </Themed>
        ),
      ],
      async play(context) {
        const root = await findPrompt(context, kind, STORAGE_TITLE);
        const cta = within(root).getByRole('button', { name: STORAGE_CTA });
        await expect(getComputedStyle(cta).backgroundColor).toBe('rgb(107, 33, 168)');
      },
    },
  } satisfies Record<string, PromptStory>;

  return stories;
}
