// A fresh Next.js App Router app, as `create-next-app` would leave it, with the kit's route handler
// and a client component using the prompts. `check-install.mjs` writes it to a temp folder.

/** @param {Record<string, string>} v exact versions of the tools (the monorepo's) */
export const nextApp = (v) => ({
  'package.json': JSON.stringify(
    {
      name: 'upsell-kit-check-next',
      private: true,
      type: 'module',
      scripts: { build: 'next build' },
      devDependencies: {
        '@types/node': v['@types/node'],
        '@types/react': v['@types/react'],
        '@types/react-dom': v['@types/react-dom'],
        typescript: v.typescript,
      },
      dependencies: { next: v.next, react: v.react, 'react-dom': v['react-dom'] },
    },
    null,
    2,
  ),
  'tsconfig.json': JSON.stringify(
    {
      compilerOptions: {
        target: 'ES2022',
        lib: ['dom', 'dom.iterable', 'esnext'],
        strict: true,
        noEmit: true,
        module: 'esnext',
        moduleResolution: 'bundler',
        jsx: 'react-jsx',
        isolatedModules: true,
        skipLibCheck: true,
        esModuleInterop: true,
        plugins: [{ name: 'next' }],
      },
      include: ['next-env.d.ts', '**/*.ts', '**/*.tsx', '.next/types/**/*.ts'],
      exclude: ['node_modules'],
    },
    null,
    2,
  ),
  'next.config.ts': `import type { NextConfig } from 'next';

// The chargebee SDK is Node-only: loaded at run time, not bundled.
const config: NextConfig = { serverExternalPackages: ['chargebee'] };
export default config;
`,
  'app/layout.tsx': `import type { ReactNode } from 'react';
import '@upsell-kit/react/styles.css';

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
`,
  'app/page.tsx': `import { Dashboard } from './dashboard';

export default function Page() {
  return <Dashboard />;
}
`,
  'app/dashboard.tsx': `'use client';
import { UpsellBanner, UpsellProvider } from '@upsell-kit/react';
import { fr } from '@upsell-kit/react/locales/fr';

export function Dashboard() {
  return (
    <UpsellProvider locale="fr-FR" messages={fr}>
      <UpsellBanner custom={{ storage_used_percent: 85 }} />
    </UpsellProvider>
  );
}
`,
  'app/api/upsell/[...path]/route.ts': `import { createUpsellHandler } from '@upsell-kit/server';
import { toNextHandler } from '@upsell-kit/server/next';

export const dynamic = 'force-dynamic';

const upsell = createUpsellHandler({
  chargebee: { site: process.env.CHARGEBEE_SITE ?? 'acme-test', apiKey: process.env.CHARGEBEE_API_KEY ?? 'test_key' },
  secret: process.env.UPSELL_SECRET,
  identify: async () => null,
});

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = toNextHandler(upsell);
`,
});
