import { createRequire } from 'node:module';
import { join, dirname } from 'node:path';
import { defineBrowserProvider, parseKeyDef } from '@vitest/browser';
import puppeteer, {
  type Browser,
  type Frame,
  type JSHandle,
  type KeyInput,
  type Page,
} from 'puppeteer-core';
import type { BrowserCommandContext, BrowserProvider, TestProject } from 'vitest/node';

/** Debian Firefox ESR unless FIREFOX_PATH points elsewhere. */
const firefoxPath = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';

// The webdriverio provider's in-page locators resolve elements to CSS selectors in the test
// frame, which is all the commands below need; reusing them keeps locator behaviour identical
// between Firefox and WebKit.
const locatorsScript = join(
  dirname(createRequire(import.meta.url).resolve('@vitest/browser-webdriverio/package.json')),
  'dist/locators.js',
);

type Context = BrowserCommandContext & { page: Page };

/**
 * Debian Firefox ESR, headless, over WebDriver BiDi (the browser tests' provider and the demo's
 * cross-engine e2e both start it here).
 */
export function launchFirefox(): Promise<Browser> {
  return puppeteer.launch({
    browser: 'firefox',
    executablePath: firefoxPath,
    protocol: 'webDriverBiDi',
    headless: true,
  });
}

/** The test iframe Vitest's orchestrator page runs each file in. */
async function testFrame(page: Page): Promise<Frame> {
  const handle = await page.waitForSelector('iframe[data-vitest]');
  const frame = await handle?.contentFrame();
  if (!frame) throw new Error('firefox-bidi: no test iframe');
  return frame;
}

async function element(page: Page, selector: string) {
  const handle = await (await testFrame(page)).$(selector);
  if (!handle) throw new Error(`firefox-bidi: nothing matches ${selector}`);
  return handle;
}

/** Presses keys given in user-event syntax (`{Shift>}{Tab}{/Shift}`), like the other providers. */
async function keyboard(context: Context, text: string, state: { unreleased: string[] }) {
  const frame = await testFrame(context.page);
  // Keys go to the focused browsing context: focus the test frame in the top page first, and
  // keep (or restore) the element the test focused inside it, as webdriverio's provider does.
  const active: JSHandle<unknown> = await frame.evaluateHandle(() => document.activeElement);
  await (await context.page.$('iframe[data-vitest]'))?.focus();
  await active.evaluate((element: unknown) => {
    if (element instanceof HTMLElement && document.activeElement !== element) element.focus();
  });
  const pressed = new Set(state.unreleased);
  for (const { releasePrevious, releaseSelf, repeat, keyDef } of parseKeyDef(text)) {
    const key = (keyDef.key ?? '') as KeyInput;
    if (pressed.has(key)) {
      await context.page.keyboard.up(key);
      pressed.delete(key);
    }
    if (releasePrevious) continue;
    for (let i = 0; i < repeat; i++) await context.page.keyboard.down(key);
    if (releaseSelf) await context.page.keyboard.up(key);
    else pressed.add(key);
  }
  return { unreleased: [...pressed] };
}

const commands = {
  __vitest_click: async (context: Context, { selector }: { selector: string }) =>
    (await element(context.page, selector)).click(),
  __vitest_dblClick: async (context: Context, { selector }: { selector: string }) =>
    (await element(context.page, selector)).click({ count: 2 }),
  __vitest_hover: async (context: Context, { selector }: { selector: string }) =>
    (await element(context.page, selector)).hover(),
  __vitest_fill: async (context: Context, { selector }: { selector: string }, text: string) => {
    const handle = await element(context.page, selector);
    await handle.evaluate((node) => {
      if (node instanceof HTMLInputElement || node instanceof HTMLTextAreaElement) node.value = '';
    });
    await handle.type(text);
  },
  __vitest_keyboard: keyboard,
  __vitest_tab: async (context: Context, options: { shift?: boolean } = {}) =>
    keyboard(context, options.shift ? '{Shift>}{Tab}{/Shift}' : '{Tab}', { unreleased: [] }),
  __vitest_cleanup: async (context: Context, state: { unreleased?: string[] }) => {
    for (const key of state.unreleased ?? []) await context.page.keyboard.up(key as KeyInput);
  },
  __vitest_viewport: async (context: Context, viewport: { width: number; height: number }) =>
    context.page.setViewport(viewport),
};

/**
 * Drives Firefox over WebDriver BiDi with puppeteer-core: there is no geckodriver package here,
 * and webdriverio needs one to open a session. One page, one file at a time.
 */
class FirefoxBidiProvider implements BrowserProvider {
  name = 'firefox-bidi';
  supportsParallelism = false;
  initScripts = [locatorsScript];
  private browser: Browser | null = null;
  private page: Page | null = null;

  constructor(project: TestProject) {
    for (const [name, command] of Object.entries(commands))
      project.browser!.registerCommand(name as never, command as never);
  }

  getCommandsContext() {
    return { page: this.page };
  }

  async openPage(_sessionId: string, url: string) {
    this.browser ??= await launchFirefox();
    this.page ??= (await this.browser.pages())[0] ?? (await this.browser.newPage());
    await this.page.goto(url);
  }

  async close() {
    const browser = this.browser;
    this.browser = null;
    this.page = null;
    await browser?.close();
  }
}

/** A Vitest browser provider for Firefox (ESR) over WebDriver BiDi. */
export function firefoxBidi() {
  return defineBrowserProvider({
    name: 'firefox-bidi',
    supportedBrowser: ['firefox'],
    providerFactory: (project) => new FirefoxBidiProvider(project),
  });
}
