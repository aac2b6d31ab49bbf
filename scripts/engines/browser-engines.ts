import { playwright } from '@vitest/browser-playwright';
import type { BrowserInstanceOption } from 'vitest/node';
import { chromiumArgs, chromiumPath } from '../../vitest.shared';
import { firefoxBidi } from './firefox-bidi';
import { webkitGtk } from './webkit-gtk';

/** The engines the browser tests run in. */
export type Engine = 'chromium' | 'firefox' | 'webkit';

const engines: readonly Engine[] = ['chromium', 'firefox', 'webkit'];

/**
 * The engines to test: all of them, or those named in `ENGINES` (comma-separated, e.g.
 * `ENGINES=webkit`).
 */
export function selectedEngines(value = process.env.ENGINES): Engine[] {
  if (!value) return [...engines];
  const names = value.split(',').map((name) => name.trim());
  const unknown = names.filter((name) => !engines.includes(name as Engine));
  if (unknown.length) throw new Error(`ENGINES: unknown ${unknown.join(', ')} (known: ${engines})`);
  return engines.filter((engine) => names.includes(engine));
}

/** `react-browser` in Chromium, `react-browser-firefox` / `-webkit` in the others. */
export function engineProjectName(base: string, engine: Engine): string {
  return engine === 'chromium' ? base : `${base}-${engine}`;
}

/**
 * The Vitest browser instance for one engine. Vitest wants one provider per project, and each
 * engine needs its own: Playwright for Debian Chromium, puppeteer-core over WebDriver BiDi for
 * Firefox ESR (no geckodriver here), webdriverio + Debian's WebKitWebDriver for WebKitGTK.
 */
export function engineInstance(engine: Engine): BrowserInstanceOption {
  switch (engine) {
    case 'chromium':
      return {
        browser: 'chromium',
        provider: playwright({
          launchOptions: { executablePath: chromiumPath, args: chromiumArgs },
        }),
      };
    case 'firefox':
      return { browser: 'firefox', provider: firefoxBidi() };
    case 'webkit':
      // MiniBrowser has no headless mode: it runs under xvfb-run instead.
      return { browser: 'webkit', provider: webkitGtk(), headless: false };
  }
}
