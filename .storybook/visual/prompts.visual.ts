import { expect, test } from '@playwright/test';

/**
 * Visual regression of the default theme: the prompt stories that show a finished layout, at
 * desktop and mobile width, against committed screenshots (`prompts.visual.ts-snapshots/`).
 * Chosen for run time: the states a layout change would show in (ready, busy, done, failed,
 * informational, long copy, right-to-left and Japanese wrapping), not all 91 stories × 2.
 * Update after an intended change: `pnpm test:visual --update-snapshots`, and review the images.
 */
const stories: Array<[id: string, state: string]> = [
  ['banner--ready', 'ready'],
  ['banner--accepting', 'accepting'],
  ['banner--completed', 'completed'],
  ['banner--failed-billing-update', 'failed'],
  ['banner--already-accepted', 'already_accepted'],
  ['banner--long-content', 'ready'],
  ['banner--japanese', 'ready'],
  ['inlinecallout--ready', 'ready'],
  ['inlinecallout--completed', 'completed'],
  ['modal--ready', 'ready'],
  ['modal--long-content', 'ready'],
  ['modal--failed-billing-update', 'failed'],
];

const viewports = {
  desktop: { width: 1280, height: 800 },
  mobile: { width: 390, height: 844 },
};

/**
 * Deterministic pixels: one font that every Debian machine here has (fonts-dejavu), no request
 * log under the story (its timing varies), no caret.
 */
const STABLE_CSS = `
  *, *::before, *::after { font-family: 'DejaVu Sans', sans-serif !important; caret-color: transparent !important; }
  .story-request-log { display: none !important; }
`;

for (const [name, viewport] of Object.entries(viewports)) {
  test.describe(name, () => {
    test.use({ viewport, reducedMotion: 'reduce' });
    for (const [id, state] of stories) {
      test(id, async ({ page }) => {
        await page.goto(`/iframe.html?id=${id}&viewMode=story`);
        await page.addStyleTag({ content: STABLE_CSS });
        // The story's play function drives the prompt to its state; the root says when.
        const root = page.locator('.upsell-banner, .upsell-callout, .upsell-modal').first();
        await expect(root).toHaveAttribute('data-state', state, { timeout: 20_000 });
        await page.evaluate(() => document.fonts.ready);
        await expect(page).toHaveScreenshot(`${name}-${id}.png`, {
          animations: 'disabled',
          maxDiffPixelRatio: 0.01,
          // Retaken until two in a row match: the story's play function may still be moving focus.
          timeout: 20_000,
        });
      });
    }
  });
}
