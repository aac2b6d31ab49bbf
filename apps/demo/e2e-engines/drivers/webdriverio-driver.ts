import { Key, remote } from 'webdriverio';
import { startWebKitWebDriver, webkitCapabilities } from '../../../../scripts/engines/webkit-gtk';
import type { BrowserDriver, DriverKey } from '../browser-driver';

const keys: Record<DriverKey, string> = {
  Tab: Key.Tab,
  Enter: Key.Enter,
  Escape: Key.Escape,
};

/**
 * WebKitGTK's MiniBrowser through Debian's WebKitWebDriver (under xvfb-run) and webdriverio,
 * started as the browser tests start it. One session per driver: close() deletes it, then stops
 * the driver.
 */
export async function webdriverioDriver(): Promise<BrowserDriver> {
  const driver = await startWebKitWebDriver();
  let browser: WebdriverIO.Browser | null = null;
  const close = async () => {
    try {
      await browser?.deleteSession();
    } finally {
      browser = null;
      driver.stop();
    }
  };
  try {
    const session = await remote({
      hostname: '127.0.0.1',
      port: driver.port,
      logLevel: 'error',
      capabilities: webkitCapabilities() as WebdriverIO.Capabilities,
    });
    browser = session;
    await session.setWindowSize(1280, 860);
    // WebDriver drives one window at a time: each tab's commands switch to it first.
    let current = await session.getWindowHandle();
    const tab = (handle: string, closeTab: () => Promise<void>): BrowserDriver => {
      const on = async <T>(run: () => Promise<T>): Promise<T> => {
        if (current !== handle) {
          await session.switchToWindow(handle);
          current = handle;
        }
        return run();
      };
      return {
        engine: 'webkit',
        goto: (url) =>
          on(async () => {
            await session.url(url);
          }),
        // A WebDriver script is a function body: return the expression's value.
        evaluate: <T>(expression: string) =>
          on(() => session.execute(`return (${expression});`) as Promise<T>),
        click: (selector) => on(() => session.$(selector).click()),
        fill: (selector, text) => on(() => session.$(selector).setValue(text)),
        press: (key) => on(() => session.keys(keys[key])),
        openTab: async () => {
          const { handle: other } = await session.createWindow('tab');
          return tab(other, () =>
            on(async () => {
              await session.closeWindow();
            }),
          );
        },
        close: closeTab,
      };
    };
    return tab(current, close);
  } catch (error) {
    await close();
    throw error;
  }
}
