import type { BrowserDriver, DriverKey } from './browser-driver';
import { inPageHelpers } from './in-page-helpers';
import type { LocatorStep } from './in-page-helpers';

/** What a locator reads of its element in one round trip. */
interface ElementState {
  text: string;
  focused: boolean;
  enabled: boolean;
  attributes: Record<string, string>;
}

type Name = string | RegExp;

function serialize(name: Name): string | { source: string; flags: string } {
  return typeof name === 'string' ? name : { source: name.source, flags: name.flags };
}

/**
 * Elements found by role and accessible name (or by text), resolved again on each call, as
 * Playwright's locators are: reads never wait, so the specs wait on state with `expect.poll`.
 */
export class EngineLocator {
  constructor(
    private readonly page: EnginePage,
    private readonly steps: readonly LocatorStep[],
  ) {}

  /** A descendant by role and (exact, or matching) accessible name. */
  getByRole(role: string, name?: Name): EngineLocator {
    const step: LocatorStep = name === undefined ? { role } : { role, name: serialize(name) };
    return new EngineLocator(this.page, [...this.steps, step]);
  }

  /** A descendant whose own text is `text` (exact) or matches it. */
  getByText(text: Name): EngineLocator {
    return new EngineLocator(this.page, [...this.steps, { text: serialize(text) }]);
  }

  /** How many elements match (hidden ones don't: Testing Library leaves them out). */
  count(): Promise<number> {
    return this.call('count');
  }

  private async state(): Promise<ElementState | null> {
    return this.call<ElementState | null>('state');
  }

  /** The normalized text, or null while the locator does not match exactly one element. */
  async text(): Promise<string | null> {
    return (await this.state())?.text ?? null;
  }

  /** Not `disabled` and not `aria-disabled`; null while nothing (or more than one) matches. */
  async isEnabled(): Promise<boolean | null> {
    return (await this.state())?.enabled ?? null;
  }

  async isFocused(): Promise<boolean> {
    return (await this.state())?.focused ?? false;
  }

  async attribute(name: string): Promise<string | null> {
    return (await this.state())?.attributes[name] ?? null;
  }

  async click(): Promise<void> {
    await this.page.driver.click(await this.call<string>('target'));
  }

  async fill(text: string): Promise<void> {
    await this.page.driver.fill(await this.call<string>('target'), text);
  }

  /** Moves focus to the element from script (the specs' starting points; a user Tabs from there). */
  focus(): Promise<void> {
    return this.call('focus');
  }

  blur(): Promise<void> {
    return this.call('blur');
  }

  /**
   * Records every value the attribute takes from now on; the returned function reads them (the
   * first is the current one). For states too short-lived to poll, like a button's busy state.
   */
  async watchAttribute(name: string): Promise<() => Promise<Array<string | null>>> {
    const key = await this.call<string>('watch', name);
    return () => this.page.evaluate(`__e2e.watched(${JSON.stringify(key)})`);
  }

  private call<T>(method: string, ...args: unknown[]): Promise<T> {
    const list = [this.steps, ...args].map((arg) => JSON.stringify(arg)).join(', ');
    return this.page.evaluate(`__e2e.${method}(${list})`);
  }
}

/** A page of the app under test, over any engine's driver. */
export class EnginePage {
  constructor(
    readonly driver: BrowserDriver,
    private readonly baseUrl: string,
  ) {}

  get engine() {
    return this.driver.engine;
  }

  /** A second tab of the same browser, on the same app (close it with `close`). */
  async openTab(): Promise<EnginePage> {
    return new EnginePage(await this.driver.openTab(), this.baseUrl);
  }

  /** Closes this page's tab (the first tab: the whole browser). */
  close(): Promise<void> {
    return this.driver.close();
  }

  /** Opens `path` (relative to the app's URL) and waits for its `load`. */
  goto(path: string): Promise<void> {
    return this.driver.goto(new URL(path, this.baseUrl).href);
  }

  getByRole(role: string, name?: Name): EngineLocator {
    return new EngineLocator(this, []).getByRole(role, name);
  }

  getByText(text: Name): EngineLocator {
    return new EngineLocator(this, []).getByText(text);
  }

  /** Presses one key in whatever has focus. */
  press(key: DriverKey): Promise<void> {
    return this.driver.press(key);
  }

  /** The accessible name (aria-label or text) of the focused element. */
  focusedName(): Promise<string> {
    return this.evaluate(
      `((el) => (el?.getAttribute('aria-label') ?? el?.textContent ?? '').trim())(document.activeElement)`,
    );
  }

  /**
   * Evaluates `expression` with the helpers present: they are (re)injected when a navigation
   * dropped them.
   */
  async evaluate<T>(expression: string): Promise<T> {
    const guarded = `(globalThis.__e2e ? { value: ${expression} } : { missing: true })`;
    let result = await this.driver.evaluate<{ value?: T; missing?: true }>(guarded);
    if (result.missing) {
      await this.driver.evaluate(`(${inPageHelpers}, true)`);
      result = await this.driver.evaluate(guarded);
    }
    return result.value as T;
  }
}
