'use client';
import { cx } from '../internal/cx';
import { usePrompt } from '../internal/use-prompt';
import { UpsellActions } from '../parts/upsell-actions';
import { UpsellDescription } from '../parts/upsell-description';
import { UpsellDismiss } from '../parts/upsell-dismiss';
import { UpsellPromptContext } from '../parts/upsell-prompt-context';
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
  const { children, className } = props;
  return (
    <UpsellPromptContext.Provider value={upsell}>
      {typeof children === 'function' ? (
        children(upsell)
      ) : (
        <div {...upsell.getRootProps({ className: cx('upsell-callout', className) })}>
          {children ?? (
            <>
              <UpsellTitle />
              <UpsellDescription />
              <UpsellActions />
              <UpsellStatus />
              <UpsellDismiss />
            </>
          )}
        </div>
      )}
    </UpsellPromptContext.Provider>
  );
}
