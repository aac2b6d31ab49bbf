import { fileURLToPath } from 'node:url';
import { startDemo } from './start-demo';

/**
 * `pnpm demo`: the demo page, the upsell endpoints, and (without Chargebee credentials) an
 * embedded Chargebee simulator on a loopback port. See apps/demo/README.md for the variables.
 */
const clientDir = fileURLToPath(new URL('../client', import.meta.url));

startDemo(process.env, { clientDir }).then(
  (demo) => {
    const shutdown = () => void demo.close().then(() => process.exit(0));
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
  },
  (error: unknown) => {
    console.error(
      `[demo] failed to start: ${error instanceof Error ? error.message : String(error)}`,
    );
    process.exit(1);
  },
);
