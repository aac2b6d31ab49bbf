// The render bench (scripts/bench/render.bench.tsx), run by `pnpm bench` through
// `vitest bench --run --config scripts/bench/vitest.config.ts`. Not a project of the root test
// run: benchmarks print figures, they are not tests.
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';
import { workspaceAliases } from '../../vitest.shared.ts';

// The bench lives outside packages/react, whose node_modules hold React, React Query and
// DOMPurify: resolve them from there (the same files the package's own tests use, so one React).
const fromReact = (name: string) =>
  fileURLToPath(new URL(`../../packages/react/node_modules/${name}`, import.meta.url));
const peers = ['react-dom', 'react', '@tanstack/react-query', 'dompurify'].map((name) => ({
  find: new RegExp(`^${name.replace('/', '\\/')}(\\/.*)?$`),
  replacement: `${fromReact(name)}$1`,
}));

export default defineConfig({
  plugins: [react()],
  resolve: { alias: [...workspaceAliases, ...peers] },
  test: {
    name: 'bench',
    root: fileURLToPath(new URL('.', import.meta.url)),
    environment: 'jsdom',
    include: [],
    benchmark: { include: ['render.bench.tsx'] },
  },
});
