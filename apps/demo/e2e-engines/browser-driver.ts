import type { Engine } from '../../../scripts/engines/browser-engines';

/** The keys the specs press: named as in Playwright and puppeteer. */
export type DriverKey = 'Tab' | 'Enter' | 'Escape';

/**
 * The few primitives each engine's automation library provides, and all the specs need: the
 * page API (`EnginePage`) builds role queries, waits and reads on `evaluate`. Elements are named
 * by a CSS selector the page API resolved them to, so each driver clicks and types through its
 * library's own (native-input) calls.
 */
export interface BrowserDriver {
  readonly engine: Engine;
  /** Navigates and waits for the page's `load`. */
  goto(url: string): Promise<void>;
  /** Evaluates a JavaScript expression in the page and returns its (JSON) value. */
  evaluate<T>(expression: string): Promise<T>;
  /** A pointer click in the middle of the element, scrolled into view first. */
  click(selector: string): Promise<void>;
  /** Replaces the value of a text field by typing `text` into it. */
  fill(selector: string, text: string): Promise<void>;
  /** Presses and releases one key in the focused element. */
  press(key: DriverKey): Promise<void>;
  /**
   * A second tab of the same browser (same cookies, same origin storage): a driver of its own
   * whose `close` closes that tab only.
   */
  openTab(): Promise<BrowserDriver>;
  /** Ends the session and the browser (and the driver process, for WebKit). */
  close(): Promise<void>;
}
