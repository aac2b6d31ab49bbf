import '../styles.css';
import { QueryClient } from '@tanstack/react-query';
import { render, screen, waitFor } from '@testing-library/react';
import axe from 'axe-core';
import { afterEach, describe, expect, it } from 'vitest';
import { commands, userEvent } from 'vitest/browser';
import { UpsellProvider } from '../upsell-provider';
import { contractHandlers, errorResponse } from '../test/contract';
import { clientFor } from '../test/contract-fetch';
import { UpsellBanner } from './upsell-banner';

// Media-feature emulation (prefers-color-scheme, prefers-reduced-motion) needs Playwright: these
// run in Chromium only (see `chromiumOnly` in vitest.browser.config.ts and the README).

afterEach(() => {
  document.documentElement.removeAttribute('data-theme');
});

async function violations() {
  // Entry animations fade from transparent: measure contrast once they are done.
  await Promise.all(document.getAnimations().map((animation) => animation.finished));
  const results = await axe.run(document.body);
  return results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.html).join(' | ')}`);
}

function renderBanner(handlers: ReturnType<typeof contractHandlers>['handlers']) {
  return render(
    <UpsellProvider client={clientFor(handlers)} queryClient={new QueryClient()}>
      <main>
        <h1>Storage</h1>
        <UpsellBanner custom={{ storage_used_percent: 85 }} />
      </main>
    </UpsellProvider>,
  );
}

describe('UpsellBanner under emulated media features (Chromium)', () => {
  it('stays light on a dark system unless the page opts into dark (color-scheme or data-theme)', async () => {
    await commands.colorScheme('dark');
    const html = document.documentElement;
    try {
      const { handlers } = contractHandlers({
        fulfill: () => errorResponse(409, 'offer_already_accepted'),
      });
      renderBanner(handlers);
      const region = await screen.findByRole('region');
      expect(window.matchMedia('(prefers-color-scheme: dark)').matches).toBe(true);
      // A light app (no color-scheme declared) on a dark system: the light palette.
      expect(getComputedStyle(region).backgroundColor).toBe('rgb(255, 255, 255)');
      // The page follows the system (`color-scheme: light dark`): so does the prompt.
      html.style.colorScheme = 'light dark';
      expect(getComputedStyle(region).backgroundColor).toBe('rgb(30, 34, 40)');
      expect(await violations()).toEqual([]);
      await userEvent.click(screen.getByRole('button', { name: 'Add 100 GB storage' }));
      await waitFor(() => expect(screen.getByRole('status')).not.toBeEmptyDOMElement());
      expect(await violations()).toEqual([]);
      // An explicit light theme wins over the page's scheme.
      html.setAttribute('data-theme', 'light');
      expect(getComputedStyle(region).backgroundColor).toBe('rgb(255, 255, 255)');
      // And an explicit dark one applies on a light page.
      html.style.colorScheme = '';
      html.setAttribute('data-theme', 'dark');
      expect(getComputedStyle(region).backgroundColor).toBe('rgb(30, 34, 40)');
    } finally {
      html.style.colorScheme = '';
      await commands.colorScheme(null);
    }
  });

  it('turns animations off under prefers-reduced-motion', async () => {
    const { handlers } = contractHandlers();
    renderBanner(handlers);
    const region = await screen.findByRole('region');
    expect(getComputedStyle(region).animationName).toBe('upsell-grow');
    await commands.reducedMotion(true);
    try {
      expect(window.matchMedia('(prefers-reduced-motion: reduce)').matches).toBe(true);
      expect(getComputedStyle(region).animationName).toBe('none');
      expect(
        getComputedStyle(screen.getByRole('button', { name: 'Add 100 GB storage' }))
          .transitionDuration,
      ).toBe('0s');
    } finally {
      await commands.reducedMotion(false);
    }
  });
});

declare module 'vitest/browser' {
  interface BrowserCommands {
    reducedMotion: (reduce: boolean) => Promise<void>;
    colorScheme: (scheme: 'light' | 'dark' | null) => Promise<void>;
  }
}
