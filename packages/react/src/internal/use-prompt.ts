'use client';
import type { OfferStatus } from '@upsell-kit/core';
import type { UpsellPromptProps } from '../upsell-prompt-props';
import { useUpsellOffer } from '../use-upsell-offer';
import type { UseUpsellOfferOptions, UseUpsellOfferResult } from '../use-upsell-offer';
import { composeEventHandlers } from './compose-event-handlers';
import { useControllableState } from './use-controllable-state';
import { useIsClient } from './use-is-client';

// Loading, empty, an upstream error and dismissed show nothing: a prompt never gets in the way.
const SHOWN = new Set<OfferStatus>([
  'ready',
  'accepting',
  'fulfilling',
  'completed',
  'failed',
  'already_accepted',
  'error',
]);

/** The shared wiring of the three components: the hook, open state and when to render. */
export function usePrompt(
  props: UpsellPromptProps,
  placement: NonNullable<UseUpsellOfferOptions['placement']>,
): { upsell: UseUpsellOfferResult; visible: boolean; close: () => void } {
  const { open: openProp, defaultOpen = true, onOpenChange, className: _c, children: _ch } = props;
  const { custom, context, enabled, onEvent, onError, pollTimeoutMs } = props;
  const hook = useUpsellOffer({
    custom,
    context,
    enabled,
    onEvent,
    onError,
    pollTimeoutMs,
    placement,
  });
  const [open, setOpen] = useControllableState({
    prop: openProp,
    defaultProp: defaultOpen,
    onChange: onOpenChange,
  });
  const isClient = useIsClient();
  const { getDismissProps, dismiss } = hook;
  const upsell: UseUpsellOfferResult = {
    ...hook,
    // Closing works in every state; only a close from `ready` counts as a dismissal.
    getDismissProps: (p = {}) =>
      getDismissProps({ ...p, onClick: composeEventHandlers(p.onClick, () => setOpen(false)) }),
  };
  return {
    upsell,
    visible: isClient && open && hook.offer !== null && SHOWN.has(hook.status),
    close: () => {
      dismiss();
      setOpen(false);
    },
  };
}
