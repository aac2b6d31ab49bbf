'use client';
import { createContext } from 'react';
import type { RefObject } from 'react';
import type { QueryClient } from '@tanstack/react-query';
import type {
  Fulfillment,
  HostedPage,
  Offer,
  OfferRegistry,
  ProcessingLayout,
  UpsellClient,
} from '@upsell-kit/core';
import type { UpsellPromptArbiter } from '../arbiter/upsell-prompt-arbiter';
import type { UpsellMessages } from '../default-messages';
import type { UpsellClientEvent } from '../upsell-client-event';
import type { UpsellErrorHandler } from '../upsell-error-handler';

/**
 * The provider's callbacks and navigation rules, as its latest render had them (read when they
 * are used): the provider's props themselves, kept in a ref.
 */
export interface ProviderCallbacks {
  onEvent?: ((event: UpsellClientEvent) => void) | undefined;
  onError?: UpsellErrorHandler | undefined;
  onCheckout?:
    ((hostedPage: HostedPage, offer: Offer, layout: ProcessingLayout | null) => void) | undefined;
  navigate?: ((url: string) => void) | undefined;
  allowedRedirectHosts?: readonly string[] | undefined;
  onCompleted?: ((fulfillment: Fulfillment, offer: Offer) => void) | undefined;
}

/**
 * What `UpsellProvider` hands to every prompt below it. Stable while the provider's client,
 * cache, messages and locale are: inline callbacks go through `callbacks`, so a provider
 * re-rendering with a new `onEvent` re-renders no prompt.
 */
export interface UpsellContextValue {
  client: UpsellClient;
  /** The offers cache's scope in the query key: the `baseUrl`, or the given client's identity. */
  scope: string;
  queryClient: QueryClient;
  messages: UpsellMessages;
  locale: string | undefined;
  registry: OfferRegistry;
  callbacks: RefObject<ProviderCallbacks>;
  /** The provider's `arbiter`: prompts take turns on screen (absent: every prompt may show). */
  arbiter?: UpsellPromptArbiter | undefined;
}

export const UpsellContext = /* @__PURE__ */ createContext<UpsellContextValue | null>(null);
