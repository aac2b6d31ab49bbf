'use client';
import { createContext, useContext } from 'react';
import type { UseUpsellOfferResult } from '../use-upsell-offer-result';

/** The prompt a part belongs to: the hook's result, with dismiss also closing the prompt. */
export const UpsellPromptContext = /* @__PURE__ */ createContext<UseUpsellOfferResult | null>(null);

/**
 * The surrounding prompt's state, actions and prop getters, for custom parts inside
 * `UpsellBanner`, `UpsellModal` or `UpsellInlineCallout`.
 *
 * @example
 * function Usage() {
 *   const { status, offer } = useUpsellPrompt();
 *   return <p data-state={status}>{offer?.options.length} options</p>;
 * }
 */
export function useUpsellPrompt(): UseUpsellOfferResult {
  const value = useContext(UpsellPromptContext);
  if (!value) {
    throw new Error(
      process.env.NODE_ENV !== 'production'
        ? 'Upsell parts (UpsellTitle, UpsellActions, …) must be rendered inside UpsellBanner, ' +
            'UpsellModal or UpsellInlineCallout.'
        : 'No upsell prompt',
    );
  }
  return value;
}
