import type { Engine } from '../../../scripts/engines/browser-engines';
import type { BrowserDriver } from './browser-driver';
import { playwrightDriver } from './drivers/playwright-driver';
import { puppeteerDriver } from './drivers/puppeteer-driver';
import { webdriverioDriver } from './drivers/webdriverio-driver';

/**
 * The driver for one engine: Playwright for Chromium, puppeteer-core over WebDriver BiDi for
 * Firefox ESR (no geckodriver here, and Playwright needs its own patched Firefox), webdriverio
 * with WebKitWebDriver for WebKitGTK (Playwright needs its own WebKit build too).
 */
export function openDriver(engine: Engine): Promise<BrowserDriver> {
  switch (engine) {
    case 'chromium':
      return playwrightDriver();
    case 'firefox':
      return puppeteerDriver();
    case 'webkit':
      return webdriverioDriver();
  }
}
