import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The demo page. `vite build` writes dist/client, which the Express server serves.
// In dev (`pnpm dev`, port 5173) /api, /demo and /hosted_pages go to `pnpm dev:server` on port 3000
// (DEMO_SERVER_URL moves it; the hot-reload e2e does).
const demoServer = { target: process.env.DEMO_SERVER_URL ?? 'http://localhost:3000' };
// The object form, without `changeOrigin`: Vite's string form (`'/api': 'http://localhost:3000'`)
// means `changeOrigin: true`, which rewrites `Host` to the target's while the browser's `Origin`
// stays http://localhost:5173, so the server refuses every POST as cross-site (403).
export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist/client', emptyOutDir: true, sourcemap: true },
  server: {
    port: 5173,
    strictPort: true,
    proxy: { '/api': demoServer, '/demo': demoServer, '/hosted_pages': demoServer },
  },
});
