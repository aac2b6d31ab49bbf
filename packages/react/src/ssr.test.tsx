// @vitest-environment node
import { QueryClient } from '@tanstack/react-query';
import { renderToString } from 'react-dom/server';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { UpsellBanner } from './banner/upsell-banner';
import { UpsellInlineCallout } from './inline-callout/upsell-inline-callout';
import { UpsellModal } from './modal/upsell-modal';
import { UpsellProvider } from './upsell-provider';
import { useUpsellOffer } from './use-upsell-offer';

afterEach(() => {
  vi.restoreAllMocks();
});

function Headless() {
  const upsell = useUpsellOffer({ custom: { storage_used_percent: 85 } });
  return <p data-status={upsell.status}>{upsell.offer ? 'offer' : 'none'}</p>;
}

describe('server rendering', () => {
  it('runs without any browser global', () => {
    expect(typeof window).toBe('undefined');
    expect(typeof document).toBe('undefined');
  });

  it('renders nothing for the three components and sends no request', () => {
    const fetch = vi.spyOn(globalThis, 'fetch');
    const html = renderToString(
      <UpsellProvider queryClient={new QueryClient()}>
        <UpsellBanner custom={{ storage_used_percent: 85 }} />
        <UpsellModal custom={{ storage_used_percent: 85 }} />
        <UpsellInlineCallout custom={{ storage_used_percent: 85 }} />
      </UpsellProvider>,
    );
    expect(html).toBe('');
    expect(fetch).not.toHaveBeenCalled();
  });

  it('gives the headless hook the idle state and no offer', () => {
    const fetch = vi.spyOn(globalThis, 'fetch');
    const html = renderToString(
      <UpsellProvider>
        <Headless />
      </UpsellProvider>,
    );
    expect(html).toBe('<p data-status="idle">none</p>');
    expect(fetch).not.toHaveBeenCalled();
  });
});
