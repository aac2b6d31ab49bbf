'use client';
import { renderPrompt } from '../internal/render-prompt';
import { usePrompt } from '../use-prompt';
import { UpsellActions } from '../parts/upsell-actions';
import { UpsellDescription } from '../parts/upsell-description';
import { UpsellDismiss } from '../parts/upsell-dismiss';
import { UpsellStatus } from '../parts/upsell-status';
import { UpsellTitle } from '../parts/upsell-title';
import type { UpsellPromptProps } from '../upsell-prompt-props';

/** Props of {@link UpsellBanner}. */
export type UpsellBannerProps = UpsellPromptProps;

/**
 * A dismissible banner for the top of a page: a region named by the offer's title, with its
 * description, one button per option, a Dismiss button and a status line. Renders nothing while
 * loading, without an offer, after a dismissal and on the server.
 *
 * @example
 * <UpsellBanner custom={{ storage_used_percent: usage }} className="mb-4" />
 */
export function UpsellBanner(props: UpsellBannerProps) {
  const { upsell, visible } = usePrompt(props, 'banner');
  if (!visible) return null;
  return renderPrompt(
    upsell,
    props,
    'upsell-banner',
    <>
      <div className="upsell-body">
        <UpsellTitle />
        <UpsellDescription />
        <UpsellStatus />
      </div>
      <UpsellActions />
      <UpsellDismiss />
    </>,
  );
}
