// app/storage/storage-page.tsx — the browser side: one provider, one component.
'use client';
import { UpsellBanner, UpsellInlineCallout, UpsellProvider } from '@upsell-kit/react';
import '@upsell-kit/react/styles.css'; // optional: the default look, driven by --upsell-* properties

export function StoragePage({ storageUsedPercent }: { storageUsedPercent: number }) {
  const custom = { storage_used_percent: storageUsedPercent };
  return (
    <UpsellProvider
      baseUrl="/api/upsell" // where the server handler is mounted (the default)
      onEvent={(event) => console.log('upsell', event.type, event.personalizedOfferId)}
    >
      <UpsellBanner custom={custom} />
      <section aria-labelledby="storage-heading">
        <h2 id="storage-heading">Storage</h2>
        <progress max={100} value={storageUsedPercent} aria-label="Storage used" />
        {/* The same context: one request for both prompts, and a dismissal hides both. */}
        <UpsellInlineCallout custom={custom} />
      </section>
    </UpsellProvider>
  );
}
