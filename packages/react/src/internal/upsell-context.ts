'use client';
import { createContext } from 'react';
import type { QueryClient } from '@tanstack/react-query';
import type { HostedPage, Offer, UpsellClient } from '@upsell-kit/core';
import type { UpsellMessages } from '../default-messages';
import type { UpsellErrorHandler, UpsellEvent } from '../upsell-event';
import type { OfferRegistry } from './offer-registry';

/** What `UpsellProvider` hands to every prompt below it. */
export interface UpsellContextValue {
  client: UpsellClient;
  baseUrl: string;
  queryClient: QueryClient;
  messages: UpsellMessages;
  locale: string | undefined;
  registry: OfferRegistry;
  onEvent: ((event: UpsellEvent) => void) | undefined;
  onError: UpsellErrorHandler | undefined;
  onCheckout: ((hostedPage: HostedPage, offer: Offer) => void) | undefined;
  navigate: (url: string) => void;
}

export const UpsellContext = /* @__PURE__ */ createContext<UpsellContextValue | null>(null);
