/**
 * Where the e2e servers listen (loopback). `E2E_PORT_BASE` moves them all, e.g. when two runs
 * share a machine. Each demo server embeds its own simulator, so each worker owns one pair.
 */
const base = Number(process.env.E2E_PORT_BASE ?? 39100);
const workers = Math.max(1, Math.min(4, Number(process.env.E2E_WORKERS ?? 2)));

export interface E2EServer {
  port: number;
  url: string;
  simulatorPort: number;
  simulatorUrl: string;
}

function server(port: number, simulatorPort: number): E2EServer {
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    simulatorPort,
    simulatorUrl: `http://127.0.0.1:${simulatorPort}`,
  };
}

/** One demo server (with its simulator) per Playwright worker. */
export const DEMO_SERVERS: readonly E2EServer[] = Array.from({ length: workers }, (_, i) =>
  server(base + 1 + i, base + 11 + i),
);

/** The Next.js example (`next start`) and its simulator. */
export const NEXT_SERVER: E2EServer = server(base + 21, base + 31);

/**
 * The servers of the cross-engine e2e (apps/demo/e2e-engines), one per engine so the engines can
 * run at the same time: above the Playwright ranges (`base + 101` on), moved by `E2E_PORT_BASE`
 * with them.
 */
export function engineServer(index: number): E2EServer {
  return server(base + 101 + index, base + 111 + index);
}

/**
 * The demo's hot-reload mode in the cross-engine e2e (`E2E_DEMO=dev`): Vite's dev server on
 * `page.port`, the page's origin, in front of `pnpm dev:server` on `serverPort` (its embedded
 * simulator on `page.simulatorPort`), above the engine servers' ports.
 */
export const DEV_SERVERS = { page: server(base + 121, base + 114), serverPort: base + 104 };

/** Forces the embedded simulator and the in-memory store whatever the shell exports. */
export const simulatorEnv = {
  CHARGEBEE_SITE: '',
  CHARGEBEE_API_KEY: '',
  CHARGEBEE_BASE_URL: '',
  REDIS_URL: '',
  UPSELL_SECRET: 'e2e-only-secret-0123456789abcdefghijklmnopqrstuvwxyz',
};

/**
 * Resets a demo server: simulator state, faults, outcomes, the server's fulfillment records and
 * rate-limit counters. Every test starts with it.
 */
export async function resetDemo(demo: E2EServer): Promise<void> {
  const response = await fetch(`${demo.url}/demo/reset`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: '{}',
  });
  if (response.status !== 204)
    throw new Error(
      `POST /demo/reset: ${response.status} (expected 204): ${await response.text()}`,
    );
}
