'use client';
import { composeEventHandlers } from './internal/compose-event-handlers';
import { useControllableState } from './internal/use-controllable-state';
import type { UpsellPromptProps } from './upsell-prompt-props';
import { useUpsellOffer } from './use-upsell-offer';
import type { UseUpsellOfferOptions } from './use-upsell-offer-options';
import type { UseUpsellOfferResult } from './use-upsell-offer-result';

/**
 * The shared wiring of the three components: the hook, open state and when to render. Not in
 * `internal/`, which sits below the public hook and never imports it: this sits above it.
 */
export function usePrompt(
  props: UpsellPromptProps,
  placement: NonNullable<UseUpsellOfferOptions['placement']>,
): { upsell: UseUpsellOfferResult; visible: boolean; close: () => void } {
  const { open: openProp, defaultOpen = true, onOpenChange } = props;
  // The component's other props (open state, className, children) are no options of the hook,
  // which reads only its own.
  const hook = useUpsellOffer({ ...props, placement });
  const [open, setOpen] = useControllableState({
    prop: openProp,
    defaultProp: defaultOpen,
    onChange: onOpenChange,
  });
  const { getDismissProps, dismiss } = hook;
  const upsell: UseUpsellOfferResult = {
    ...hook,
    // Closing works in every state; only a close from `ready` counts as a dismissal.
    getDismissProps: (p = {}) =>
      getDismissProps({ ...p, onClick: composeEventHandlers(p.onClick, () => setOpen(false)) }),
  };
  return {
    upsell,
    // Without an offer (idle, loading, empty, a failed fetch) and once dismissed, a prompt shows
    // nothing: it never gets in the way. With an offer, every later state is shown. There is no
    // offer on the server nor while hydrating: it enters the lifecycle in an effect.
    visible: open && hook.offer !== null && hook.status !== 'dismissed',
    close: () => {
      dismiss();
      setOpen(false);
    },
  };
}
