import { defineConfig } from 'tsup';

// The demo server: one ESM file. Dependencies (the kit's packages included) stay external and
// load from their built dist at run time, like in a user's app.
export default defineConfig({
  entry: { server: 'src/server/server.ts' },
  outDir: 'dist/server',
  format: ['esm'],
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  clean: true,
  dts: false,
});
