import type { ReactNode } from 'react';
import type { UseUpsellOfferOptions } from './use-upsell-offer-options';
import type { UseUpsellOfferResult } from './use-upsell-offer-result';

/** Props every prompt component shares: the hook's options, open state, class and children. */
export interface UpsellPromptProps extends Omit<UseUpsellOfferOptions, 'placement'> {
  /**
   * Under the provider's `arbiter`: which prompt goes first when several have something to show
   * (higher first; equal ones in the order they asked). Without an arbiter it does nothing.
   * @default 0
   * @example <UpsellModal custom={custom} priority={30} />
   */
  priority?: number;
  /**
   * Controlled open state. The prompt also hides by itself when there is no offer to show.
   * @default undefined (uncontrolled)
   * @example <UpsellModal custom={custom} open={open} onOpenChange={setOpen} />
   */
  open?: boolean;
  /**
   * Initial open state when uncontrolled.
   * @default true
   * @example <UpsellBanner custom={custom} defaultOpen={false} />
   */
  defaultOpen?: boolean;
  /**
   * Called when the user closes the prompt (Dismiss, Escape on the modal).
   * @default undefined
   * @example <UpsellBanner custom={custom} onOpenChange={(open) => !open && track('closed')} />
   */
  onOpenChange?: (open: boolean) => void;
  /**
   * Class name of the root, added to the kit's own (`upsell-banner`, `upsell-modal`, …).
   * @default undefined
   * @example <UpsellBanner custom={custom} className="my-banner" />
   */
  className?: string;
  /**
   * Nothing for the default layout; parts (`UpsellTitle`, `UpsellActions`, …) for a custom layout
   * inside the kit's root; or a render function for full control over the markup (spread
   * `getRootProps()` on your root).
   * @default the default layout
   * @example
   * <UpsellBanner custom={custom}>{(upsell) => <aside {...upsell.getRootProps()}>…</aside>}</UpsellBanner>
   */
  children?: ReactNode | ((upsell: UseUpsellOfferResult) => ReactNode);
}
