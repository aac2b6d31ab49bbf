import type { Page } from 'puppeteer-core';
import { launchFirefox } from '../../../../scripts/engines/firefox-bidi';
import type { BrowserDriver, DriverKey } from '../browser-driver';

/** Firefox ESR over WebDriver BiDi through puppeteer-core, launched as the browser tests do. */
export async function puppeteerDriver(): Promise<BrowserDriver> {
  const browser = await launchFirefox();
  try {
    // Input goes to the tab in front: each tab's clicks and keys bring it there first.
    let front: Page | undefined;
    const tab = async (page: Page, close: () => Promise<void>): Promise<BrowserDriver> => {
      front = page;
      const toFront = async () => {
        if (front === page) return;
        await page.bringToFront();
        front = page;
      };
      await page.setViewport({ width: 1280, height: 860 });
      const element = async (selector: string) => {
        const handle = await page.$(selector);
        if (!handle) throw new Error(`puppeteer: nothing matches ${selector}`);
        return handle;
      };
      return {
        engine: 'firefox',
        goto: async (url) => {
          await page.goto(url);
        },
        evaluate: <T>(expression: string) => page.evaluate(expression) as Promise<T>,
        click: async (selector) => {
          await toFront();
          await (await element(selector)).click();
        },
        fill: async (selector, text) => {
          await toFront();
          const handle = await element(selector);
          // puppeteer has no fill: empty the field, then type into it as the user would.
          await handle.evaluate((node) => {
            if (node instanceof HTMLInputElement || node instanceof HTMLTextAreaElement)
              node.value = '';
          });
          await handle.type(text);
        },
        press: async (key: DriverKey) => {
          await toFront();
          await page.keyboard.press(key);
        },
        openTab: async () => {
          const other = await browser.newPage();
          return tab(other, () => other.close());
        },
        close,
      };
    };
    return await tab((await browser.pages())[0] ?? (await browser.newPage()), () =>
      browser.close(),
    );
  } catch (error) {
    await browser.close();
    throw error;
  }
}
