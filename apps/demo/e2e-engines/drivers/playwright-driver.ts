import { chromium } from 'playwright';
import { chromiumArgs, chromiumPath } from '../../../../vitest.shared';
import type { BrowserDriver, DriverKey } from '../browser-driver';

/** Debian Chromium through Playwright, launched as the Playwright e2e launches it. */
export async function playwrightDriver(): Promise<BrowserDriver> {
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    const page = await context.newPage();
    return {
      engine: 'chromium',
      goto: async (url) => {
        await page.goto(url);
      },
      evaluate: (expression) => page.evaluate(expression),
      click: (selector) => page.click(selector),
      fill: (selector, text) => page.fill(selector, text),
      press: (key: DriverKey) => page.keyboard.press(key),
      close: () => browser.close(),
    };
  } catch (error) {
    await browser.close();
    throw error;
  }
}
