import '../styles.css';
import { QueryClient } from '@tanstack/react-query';
import { render, screen, waitFor } from '@testing-library/react';
import axe from 'axe-core';
import { afterEach, describe, expect, it } from 'vitest';
import { server, userEvent } from 'vitest/browser';
import { UpsellProvider } from '../upsell-provider';
import { contractHandlers, errorResponse, makeFulfillment } from '../test/contract';
import { clientFor } from '../test/contract-fetch';
import { UpsellBanner } from './upsell-banner';

afterEach(() => {
  document.documentElement.removeAttribute('data-theme');
});

async function violations() {
  // Entry animations fade from transparent: measure contrast once they are done.
  // The busy spinner turns forever: wait for the entry animations only.
  await Promise.all(
    document
      .getAnimations()
      .filter((animation) => animation.effect?.getTiming().iterations !== Infinity)
      // One cancelled meanwhile (its element removed: the options giving way) rejects.
      .map((animation) => animation.finished.catch(() => undefined)),
  );
  const results = await axe.run(document.body);
  return results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.html).join(' | ')}`);
}

function renderBanner(handlers: ReturnType<typeof contractHandlers>['handlers']) {
  return render(
    <UpsellProvider client={clientFor(handlers)} queryClient={new QueryClient()}>
      {/* The page's own colours follow its color-scheme (system colours), as a themed app's do. */}
      <main style={{ color: 'CanvasText', background: 'Canvas' }}>
        <h1>Storage</h1>
        <UpsellBanner custom={{ storage_used_percent: 85 }} />
      </main>
    </UpsellProvider>,
  );
}

describe('UpsellBanner in a real engine: axe with styles.css in every state', () => {
  it.each(['light', 'dark'])('ready, fulfilling and completed (%s)', async (theme) => {
    document.documentElement.setAttribute('data-theme', theme);
    const { handlers } = contractHandlers({
      fulfill: () => ({ status: 201, body: { fulfillment: makeFulfillment(), hosted_page: null } }),
      read: (id) => makeFulfillment({ id, status: 'completed' }),
    });
    renderBanner(handlers);
    const region = await screen.findByRole('region', { name: 'Running out of storage?' });
    expect(await violations()).toEqual([]);
    await userEvent.click(screen.getByRole('button', { name: 'Add 100 GB storage' }));
    // The first status read comes a second later (backoff): time to check `fulfilling`.
    await waitFor(() => expect(region).toHaveAttribute('data-state', 'fulfilling'));
    expect(await violations()).toEqual([]);
    await waitFor(() => expect(region).toHaveAttribute('data-state', 'completed'), {
      timeout: 4000,
    });
    expect(await violations()).toEqual([]);
  });

  it.each([
    ['already accepted', () => errorResponse(409, 'offer_already_accepted')],
    ['error', () => errorResponse(410, 'offer_expired')],
  ] as const)('%s', async (name, fulfill) => {
    const { handlers } = contractHandlers({ fulfill });
    renderBanner(handlers);
    await userEvent.click(await screen.findByRole('button', { name: 'Add 100 GB storage' }));
    // The informational one is polite, the failure assertive.
    const region = name === 'error' ? 'alert' : 'status';
    await waitFor(() => expect(screen.getByRole(region)).not.toBeEmptyDOMElement());
    expect(await violations()).toEqual([]);
  });

  it('failed', async () => {
    const { handlers } = contractHandlers({
      fulfill: () => ({
        status: 201,
        body: {
          fulfillment: makeFulfillment({
            status: 'failed',
            error: { code: 'billing_update_failed' },
          }),
          hosted_page: null,
        },
      }),
    });
    renderBanner(handlers);
    await userEvent.click(await screen.findByRole('button', { name: 'Add 100 GB storage' }));
    await waitFor(() => expect(screen.getByRole('region')).toHaveAttribute('data-state', 'failed'));
    expect(await violations()).toEqual([]);
  });

  it('keeps keyboard focus on the pressed option (aria-disabled, busy), then on "Done"', async () => {
    const { handlers, recorded } = contractHandlers({
      fulfill: () => ({ status: 201, body: { fulfillment: makeFulfillment(), hosted_page: null } }),
      read: (id) => makeFulfillment({ id, status: 'completed' }),
    });
    renderBanner(handlers);
    const region = await screen.findByRole('region', { name: 'Running out of storage?' });
    // A region never takes focus itself: it is no tab stop and no script target.
    expect(region).not.toHaveAttribute('tabindex');
    const button = screen.getByRole('button', { name: 'Add 100 GB storage' });
    button.focus();
    // Headless Firefox driven over BiDi gets the keys (keydown, keypress, keyup reach the button)
    // but runs no activation behaviour for Enter or Space: press it with a click there (README).
    if (server.browser === 'firefox') await userEvent.click(button);
    else await userEvent.keyboard('{Enter}');
    await waitFor(() => expect(region).toHaveAttribute('data-state', 'fulfilling'));
    // Unavailable at once, yet focus stays where the user pressed: no jump, no ring elsewhere.
    expect(button).not.toHaveAttribute('disabled');
    expect(button).toHaveAttribute('aria-disabled', 'true');
    expect(button).toHaveAttribute('aria-busy', 'true');
    expect(button).toHaveFocus();
    // Enter again is ignored: still one fulfillment.
    await userEvent.keyboard('{Enter}');
    expect(recorded.fulfillments).toHaveLength(1);
    await waitFor(() => expect(region).toHaveAttribute('data-state', 'completed'), {
      timeout: 4000,
    });
    // The option is gone; focus is on the next step, not on the page's start.
    expect(screen.getByRole('button', { name: 'Done' })).toHaveFocus();
    expect(await violations()).toEqual([]);
  });

  it('pins the dismiss button to the top corner at every width and in right-to-left text', async () => {
    const { handlers } = contractHandlers();
    const { container } = renderBanner(handlers);
    const region = await screen.findByRole('region');
    const dismiss = screen.getByRole('button', { name: 'Dismiss' });
    const gap = (dir: 'ltr' | 'rtl') => {
      const box = region.getBoundingClientRect();
      const own = dismiss.getBoundingClientRect();
      return {
        top: Math.round(own.top - box.top),
        side: Math.round(dir === 'ltr' ? box.right - own.right : own.left - box.left),
      };
    };
    for (const width of ['1000px', '480px', '300px']) {
      container.style.width = width;
      expect(gap('ltr')).toEqual({ top: 9, side: 9 });
    }
    container.dir = 'rtl';
    expect(gap('rtl')).toEqual({ top: 9, side: 9 });
    // Hovering the dismiss button shows it is one.
    await userEvent.hover(dismiss);
    // After its short colour transition.
    await waitFor(() =>
      expect(getComputedStyle(dismiss).backgroundColor).not.toBe('rgba(0, 0, 0, 0)'),
    );
  });
});
