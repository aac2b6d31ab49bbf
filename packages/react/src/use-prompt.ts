'use client';
import { useContext } from 'react';
import { composeEventHandlers } from './internal/compose-event-handlers';
import { promptExtras } from './internal/debug-hub';
import { UpsellContext } from './internal/upsell-context';
import { useControllableState } from './internal/use-controllable-state';
import type { UpsellPromptProps } from './upsell-prompt-props';
import { useUpsellOffer } from './use-upsell-offer';
import type { UseUpsellOfferOptions } from './use-upsell-offer-options';
import type { UseUpsellOfferResult } from './use-upsell-offer-result';

/** Without an arbiter every prompt may show (and none of arbitration is in the bundle). */
const alwaysGranted = () => true;

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
  const options = { ...props, placement };
  const hook = useUpsellOffer(options);
  const [open, setOpen] = useControllableState({
    prop: openProp,
    defaultProp: defaultOpen,
    onChange: onOpenChange,
  });
  const { getDismissProps, dismiss } = hook;
  // Without an offer (idle, loading, empty, a failed fetch) and once dismissed, a prompt shows
  // nothing: it never gets in the way. With an offer, every later state is shown. There is no
  // offer on the server nor while hydrating: it enters the lifecycle in an effect. Under an
  // arbiter it also waits for its turn.
  const wants = open && hook.offer !== null && hook.status !== 'dismissed';
  // The provider's arbiter is fixed for its life, so this calls the same hook on every render.
  const granted = (useContext(UpsellContext)?.arbiter?.useSlot ?? alwaysGranted)(
    wants,
    props,
    placement === 'modal',
  );
  // Read by the hook's debug report after this render (development builds only).
  if (process.env.NODE_ENV !== 'production') {
    promptExtras.set(options, { open, waiting: wants && !granted });
  }
  const upsell: UseUpsellOfferResult = {
    ...hook,
    // Closing works in every state; only a close from `ready` counts as a dismissal.
    getDismissProps: (p = {}) =>
      getDismissProps({ ...p, onClick: composeEventHandlers(p.onClick, () => setOpen(false)) }),
  };
  return {
    upsell,
    visible: wants && granted,
    close: () => {
      dismiss();
      setOpen(false);
    },
  };
}
