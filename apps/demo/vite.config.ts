import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The demo page. `vite build` writes dist/client, which the Express server serves.
// In dev (`pnpm dev`, port 5173) /api, /demo and /hosted_pages go to `pnpm dev:server` on port 3000.
export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist/client', emptyOutDir: true, sourcemap: true },
  server: {
    port: 5173,
    proxy: {
      '/api': 'http://localhost:3000',
      '/demo': 'http://localhost:3000',
      '/hosted_pages': 'http://localhost:3000',
    },
  },
});
