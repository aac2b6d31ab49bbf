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
