import { launchFirefox } from '../../../../scripts/engines/firefox-bidi';
import type { BrowserDriver, DriverKey } from '../browser-driver';

/** Firefox ESR over WebDriver BiDi through puppeteer-core, launched as the browser tests do. */
export async function puppeteerDriver(): Promise<BrowserDriver> {
  const browser = await launchFirefox();
  try {
    const page = (await browser.pages())[0] ?? (await browser.newPage());
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
      click: async (selector) => (await element(selector)).click(),
      fill: async (selector, text) => {
        const handle = await element(selector);
        // puppeteer has no fill: empty the field, then type into it as the user would.
        await handle.evaluate((node) => {
          if (node instanceof HTMLInputElement || node instanceof HTMLTextAreaElement)
            node.value = '';
        });
        await handle.type(text);
      },
      press: (key: DriverKey) => page.keyboard.press(key),
      close: () => browser.close(),
    };
  } catch (error) {
    await browser.close();
    throw error;
  }
}
