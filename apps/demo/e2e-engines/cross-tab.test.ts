import { afterAll, afterEach, beforeAll, beforeEach, expect, inject, test } from 'vitest';
import { resetDemo } from '../e2e/servers';
import { SimulatorControl } from '../e2e/simulator-control';
import type { BrowserDriver } from './browser-driver';
import { EnginePage } from './engine-page';
import { openDriver } from './open-driver';

// Issue 23: a dismissal in one tab removes the prompt from the customer's other open tab, without
// a reload, within 1 s — in Chromium, Firefox ESR and WebKitGTK. Two tabs of one browser (same
// cookie: the same customer); the times are taken in the pages (the click in the first, the
// prompt leaving the DOM in the second, both Date.now() on this machine), not across driver
// round trips.

const engine = inject('engine');
const demo = inject('demo');
const sim = new SimulatorControl(demo.simulatorUrl);

const TITLE = 'Running out of storage?';

function until<T>(read: () => Promise<T>, message?: string) {
  return expect.poll(read, { timeout: 15_000, interval: 50, message });
}

let driver: BrowserDriver;
let first: EnginePage;

beforeAll(async () => {
  driver = await openDriver(engine);
  first = new EnginePage(driver, demo.url);
});
afterAll(() => driver?.close());
beforeEach(() => resetDemo(demo));
afterEach(() => driver?.goto('about:blank'));

/** Opens the demo's banner at 85 % storage in `page`, and waits for the prompt. */
async function bannerAt85(page: EnginePage) {
  await page.goto('/?style=banner');
  await until(() => page.getByText(/signed in as Alice$/).count(), 'signed in').toBe(1);
  const storage = page.getByRole('spinbutton', 'Storage used (%)');
  await storage.fill('85');
  await storage.blur();
  const banner = page.getByRole('region', TITLE);
  await until(() => banner.count(), `"${TITLE}"`).toBe(1);
  return banner;
}

test(`${engine}: dismissing in one tab removes the prompt from the other within 1 s`, async () => {
  const second = await first.openTab();
  try {
    const here = await bannerAt85(first);
    await bannerAt85(second);
    // The second tab notes when its prompt leaves the page; the first when the user clicks.
    await second.evaluate(
      `(() => {
        const observer = new MutationObserver(() => {
          if (!document.querySelector('.upsell-banner')) {
            window.__goneAt = Date.now();
            observer.disconnect();
          }
        });
        observer.observe(document.body, { childList: true, subtree: true });
        return true;
      })()`,
    );
    await first.evaluate(
      `(document.addEventListener('click', () => (window.__clickAt ??= Date.now()), true), true)`,
    );

    await here.getByRole('button', 'Dismiss').click();
    await until(() => here.count(), 'gone in the first tab').toBe(0);
    await until(() => second.getByRole('region', TITLE).count(), 'gone in the second').toBe(0);
    const clickAt = await first.evaluate<number>('window.__clickAt');
    const goneAt = await second.evaluate<number>('window.__goneAt');
    console.info(`${engine}: the second tab's prompt left ${goneAt - clickAt} ms after the click`);
    expect(goneAt - clickAt).toBeLessThanOrEqual(1_000);
    // Without a reload: the second tab is the page it was, and sent no dismissal of its own.
    expect(await second.getByRole('spinbutton', 'Storage used (%)').attribute('value')).toBe('85');
    await until(async () => (await sim.eventsOf('dismissed')).length).toBe(1);
    expect(await sim.eventsOf('dismissed')).toHaveLength(1);
  } finally {
    await second.close();
  }
});
