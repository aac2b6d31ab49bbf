import { defineConfig } from 'tsup';
import { packageBuild } from '../../scripts/tsup.shared';

export default defineConfig(
  packageBuild(
    {
      index: 'src/index.ts',
      cli: 'src/cli.ts',
      // For the app's own tests: its handler in front of the simulator, as MSW handlers.
      testing: 'src/testing.ts',
      // The Vite plugin that lets the chargebee SDK run in a browser page (Node-side config).
      vite: 'src/vite.ts',
    },
    { external: ['vite'] },
  ),
);
