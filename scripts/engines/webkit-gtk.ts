import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { defineBrowserProvider } from '@vitest/browser';
import { WebdriverBrowserProvider } from '@vitest/browser-webdriverio';
import type { BrowserProvider, TestProject } from 'vitest/node';

/** Debian's WebKitGTK MiniBrowser unless MINIBROWSER_PATH points elsewhere. */
const miniBrowserPath =
  process.env.MINIBROWSER_PATH ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  return port;
}

/** Waits until the driver answers `/status` (it takes a moment to bind under xvfb-run). */
async function ready(port: number, driver: ChildProcess) {
  for (;;) {
    if (driver.exitCode !== null) throw new Error(`WebKitWebDriver exited (${driver.exitCode})`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/status`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A running WebKitWebDriver (one session at a time) and how to stop it. */
export interface WebKitWebDriver {
  port: number;
  /** Stops xvfb-run, Xvfb and the driver together (idempotent). */
  stop(): void;
}

/**
 * Starts Debian's `WebKitWebDriver` under `xvfb-run` on a free loopback port and waits until it
 * answers (the browser tests' provider and the demo's cross-engine e2e both start it here).
 */
export async function startWebKitWebDriver(): Promise<WebKitWebDriver> {
  const port = await freePort();
  // Its own process group, so stop() ends xvfb-run, Xvfb and the driver together.
  const driver = spawn('xvfb-run', ['-a', 'WebKitWebDriver', `--port=${port}`], {
    detached: true,
    stdio: 'ignore',
  });
  const stop = () => {
    if (driver.pid && driver.exitCode === null && driver.signalCode === null)
      process.kill(-driver.pid, 'SIGTERM');
  };
  try {
    await ready(port, driver);
  } catch (error) {
    stop();
    throw error;
  }
  return { port, stop };
}

/** MiniBrowser in automation mode; no `browserName`, which WebKitGTK's driver refuses. */
export function webkitCapabilities() {
  return { 'webkitgtk:browserOptions': { binary: miniBrowserPath, args: ['--automation'] } };
}

/** The members of Vitest's webdriverio provider used here (private in its declarations only). */
interface WebdriverioProvider extends Omit<BrowserProvider, 'close'> {
  options: Record<string, unknown>;
  close(): Promise<void>;
  openBrowser(): Promise<unknown>;
  buildCapabilities(): Record<string, unknown>;
}

const WebdriverioBase = WebdriverBrowserProvider as unknown as new (
  project: TestProject,
  options: object,
) => WebdriverioProvider;

/**
 * Vitest's webdriverio provider, pointed at Debian's `WebKitWebDriver` (started here under
 * `xvfb-run`, stopped on close) and asking for MiniBrowser without a `browserName`, which
 * WebKitGTK's driver refuses.
 */
class WebKitGtkProvider extends WebdriverioBase {
  private driver: WebKitWebDriver | null = null;

  override buildCapabilities() {
    return webkitCapabilities();
  }

  override async openBrowser() {
    if (!this.driver) {
      this.driver = await startWebKitWebDriver();
      this.options = { ...this.options, hostname: '127.0.0.1', port: this.driver.port };
    }
    return super.openBrowser();
  }

  override async close() {
    try {
      await super.close();
    } finally {
      const driver = this.driver;
      this.driver = null;
      driver?.stop();
    }
  }
}

/** A Vitest browser provider for WebKitGTK (Safari's engine) through Debian's WebKitWebDriver. */
export function webkitGtk() {
  return defineBrowserProvider({
    name: 'webdriverio',
    supportedBrowser: ['webkit'],
    providerFactory: (project: TestProject) => new WebKitGtkProvider(project, {}),
  });
}
