'use client';
import type { ReactNode } from 'react';
import { UpsellPromptContext } from '../parts/upsell-prompt-context';
import type { UpsellPromptProps } from '../upsell-prompt-props';
import type { UseUpsellOfferResult } from '../use-upsell-offer-result';
import { cx } from './cx';

/**
 * The markup every component shares: the caller's render function (full control), else the kit's
 * root (`rootClass` plus the caller's `className`) holding the caller's parts or `layout`, the
 * component's default layout. Parts find the prompt through the context either way.
 */
export function renderPrompt(
  upsell: UseUpsellOfferResult,
  { children, className }: UpsellPromptProps,
  rootClass: string,
  layout: ReactNode,
): ReactNode {
  return (
    <UpsellPromptContext.Provider value={upsell}>
      {typeof children === 'function' ? (
        children(upsell)
      ) : (
        <div {...upsell.getRootProps({ className: cx(rootClass, className) })}>
          {children ?? layout}
        </div>
      )}
    </UpsellPromptContext.Provider>
  );
}
