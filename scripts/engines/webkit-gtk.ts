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
  private driver: ChildProcess | null = null;

  override buildCapabilities() {
    return { 'webkitgtk:browserOptions': { binary: miniBrowserPath, args: ['--automation'] } };
  }

  override async openBrowser() {
    if (!this.driver) {
      const port = await freePort();
      // Its own process group, so close() stops xvfb-run, Xvfb and the driver together.
      this.driver = spawn('xvfb-run', ['-a', 'WebKitWebDriver', `--port=${port}`], {
        detached: true,
        stdio: 'ignore',
      });
      await ready(port, this.driver);
      this.options = { ...this.options, hostname: '127.0.0.1', port };
    }
    return super.openBrowser();
  }

  override async close() {
    try {
      await super.close();
    } finally {
      const driver = this.driver;
      this.driver = null;
      if (driver?.pid && driver.exitCode === null) process.kill(-driver.pid, 'SIGTERM');
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
