import type { NextConfig } from 'next';

const config: NextConfig = {
  // The kit's packages are consumed built (their dist), like from npm: build them first
  // (`pnpm --filter @upsell-kit/next-example... build` does).
  poweredByHeader: false,
  reactStrictMode: true,
  // The simulator starts a node:http server and the SDK is Node-only: load them at run time.
  serverExternalPackages: ['@upsell-kit/chargebee-simulator', 'chargebee'],
};

export default config;
