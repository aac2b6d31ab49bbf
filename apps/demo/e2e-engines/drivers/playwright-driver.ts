import { chromium } from 'playwright';
import type { Page } from 'playwright';
import { chromiumArgs, chromiumPath } from '../../../../vitest.shared';
import type { BrowserDriver, DriverKey } from '../browser-driver';

/** Debian Chromium through Playwright, launched as the Playwright e2e launches it. */
export async function playwrightDriver(): Promise<BrowserDriver> {
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    const tab = (page: Page, close: () => Promise<void>): BrowserDriver => ({
      engine: 'chromium',
      goto: async (url) => {
        await page.goto(url);
      },
      evaluate: (expression) => page.evaluate(expression),
      click: (selector) => page.click(selector),
      fill: (selector, text) => page.fill(selector, text),
      press: (key: DriverKey) => page.keyboard.press(key),
      openTab: async () => {
        const other = await context.newPage();
        return tab(other, () => other.close());
      },
      close,
    });
    return tab(await context.newPage(), () => browser.close());
  } catch (error) {
    await browser.close();
    throw error;
  }
}
