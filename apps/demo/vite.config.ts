import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The demo page. `vite build` writes dist/client, which the Express server serves.
// In `vite` dev mode, /api and /demo go to a demo server started with `pnpm start` (PORT=3000).
export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist/client', emptyOutDir: true, sourcemap: true },
  server: {
    port: 5173,
    proxy: { '/api': 'http://localhost:3000', '/demo': 'http://localhost:3000' },
  },
});
