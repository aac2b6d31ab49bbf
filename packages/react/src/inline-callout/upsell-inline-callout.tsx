'use client';
import { renderPrompt } from '../internal/render-prompt';
import { usePrompt } from '../use-prompt';
import { UpsellActions } from '../parts/upsell-actions';
import { UpsellDescription } from '../parts/upsell-description';
import { UpsellDismiss } from '../parts/upsell-dismiss';
import { UpsellStatus } from '../parts/upsell-status';
import { UpsellTitle } from '../parts/upsell-title';
import type { UpsellPromptProps } from '../upsell-prompt-props';

/** Props of {@link UpsellInlineCallout}. */
export type UpsellInlineCalloutProps = UpsellPromptProps;

/**
 * A callout to place next to a usage meter: a region named by the offer's title. It counts as
 * viewed once at least half of it is on screen while the tab is visible.
 *
 * @example
 * <UsageMeter value={usage} />
 * <UpsellInlineCallout custom={{ storage_used_percent: usage }} />
 */
export function UpsellInlineCallout(props: UpsellInlineCalloutProps) {
  const { upsell, visible } = usePrompt(props, 'inline');
  if (!visible) return null;
  return renderPrompt(
    upsell,
    props,
    'upsell-callout',
    <>
      <UpsellTitle />
      <UpsellDescription />
      <UpsellActions />
      <UpsellStatus />
      <UpsellDismiss />
    </>,
  );
}
