// A fresh Vite + React + Express app, as `pnpm create vite` and a README would leave it, that uses
// every public entry of the packed packages. `check-install.mjs` writes it to a temp folder.

/** @param {Record<string, string>} v exact versions of the tools (the monorepo's) */
export const viteApp = (v) => ({
  'package.json': JSON.stringify(
    {
      name: 'upsell-kit-check-vite',
      private: true,
      type: 'module',
      scripts: { typecheck: 'tsc -p tsconfig.json', build: 'vite build' },
      devDependencies: {
        '@types/express': v['@types/express'],
        '@types/node': v['@types/node'],
        '@types/react': v['@types/react'],
        '@types/react-dom': v['@types/react-dom'],
        '@vitejs/plugin-react': v['@vitejs/plugin-react'],
        typescript: v.typescript,
        vite: v.vite,
      },
      // ioredis: the Redis store's peer (`@upsell-kit/server/redis`).
      dependencies: {
        express: v.express,
        ioredis: v.ioredis,
        react: v.react,
        'react-dom': v['react-dom'],
      },
    },
    null,
    2,
  ),
  'tsconfig.json': JSON.stringify(
    {
      compilerOptions: {
        target: 'ES2022',
        lib: ['ES2023', 'DOM', 'DOM.Iterable'],
        module: 'ESNext',
        moduleResolution: 'Bundler',
        jsx: 'react-jsx',
        strict: true,
        noEmit: true,
        skipLibCheck: false,
        types: ['node', 'vite/client'],
      },
      include: ['src', 'server.ts', 'vite.config.ts'],
    },
    null,
    2,
  ),
  'index.html': `<!doctype html>
<html lang="en">
  <head><meta charset="UTF-8" /><title>upsell-kit check</title></head>
  <body><div id="root"></div><script type="module" src="/src/main.tsx"></script></body>
</html>
`,
  // The dev proxy as the server README gives it: the object form, no changeOrigin.
  'vite.config.ts': `import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [react()],
  server: { proxy: { '/api/upsell': { target: 'http://localhost:3000' } } },
});
`,
  'src/main.tsx': `import { createUpsellClient, sanitizeOfferHtml } from '@upsell-kit/core';
import { PROCESSING_TYPES } from '@upsell-kit/core/contract';
import {
  UpsellBanner,
  UpsellInlineCallout,
  UpsellModal,
  UpsellProvider,
  useUpsellOffer,
  type UpsellLocaleMessages,
} from '@upsell-kit/react';
import '@upsell-kit/react/styles.css';
import { de } from '@upsell-kit/react/locales/de';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

const messages: UpsellLocaleMessages = de;
const client = createUpsellClient({ baseUrl: '/api/upsell' });

function Headless() {
  const upsell = useUpsellOffer({ custom: { seats_used_percent: 95 } });
  return upsell.offer ? <div {...upsell.getRootProps()}>{upsell.offer.options.length}</div> : null;
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <UpsellProvider client={client} locale="de-DE" messages={messages}>
      <p title={PROCESSING_TYPES.join(' ')}>{sanitizeOfferHtml('<b>ok</b>')}</p>
      <UpsellBanner custom={{ storage_used_percent: 85 }} />
      <UpsellInlineCallout custom={{ ai_credits_used_percent: 93 }} />
      <UpsellModal custom={{ seats_used_percent: 95 }} />
      <Headless />
    </UpsellProvider>
  </StrictMode>,
);
`,
  // The server, type-checked (and loaded by Node in check-install.mjs): the README's Express setup
  // against the simulator's CLI-less server.
  'server.ts': `import { createSimulator } from '@upsell-kit/chargebee-simulator';
import { createUpsellTestBackend } from '@upsell-kit/chargebee-simulator/testing';
import { createUpsellHandler, promotionalCredits } from '@upsell-kit/server';
import { toExpressMiddleware } from '@upsell-kit/server/express';
import { createKeepAliveTransport } from '@upsell-kit/server/node';
import type { createRedisStore } from '@upsell-kit/server/redis';
import express from 'express';

export type RedisStoreOptions = Parameters<typeof createRedisStore>;

export async function start(port: number) {
  const sim = createSimulator();
  const running = await sim.listen({ port: 0 });
  const upsell = createUpsellHandler({
    chargebee: {
      site: sim.options.site,
      apiKey: sim.options.apiKey,
      baseUrl: running.url,
      transport: createKeepAliveTransport(),
    },
    secret: 'check-install-secret-0123456789abcdef',
    identify: () => ({ customerId: 'cus_1', subscriptionId: 'sub_1' }),
    fulfill: {
      claim_50_ai_credits: promotionalCredits({ unitId: 'ai_credits', amount: '50', expiresIn: 86_400 }),
    },
  });
  const app = express();
  app.use('/api/upsell', toExpressMiddleware(upsell));
  return { server: app.listen(port), simulator: running };
}

export const backend = createUpsellTestBackend({
  handler: (chargebee) => createUpsellHandler({ chargebee, identify: () => null }),
});
`,
});
