import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import '@upsell-kit/react/styles.css';
import './globals.css';

export const metadata: Metadata = {
  title: 'upsell-kit · Next.js example',
  description: 'Chargebee Growth offers in a Next.js App Router app with upsell-kit.',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
