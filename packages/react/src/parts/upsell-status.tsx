'use client';
import type { HTMLAttributes } from 'react';
import { cx } from '../internal/cx';
import { useUpsellPrompt } from './upsell-prompt-context';

/** Props of {@link UpsellStatus}: any `div` attribute except children (the message). */
export type UpsellStatusProps = Omit<HTMLAttributes<HTMLDivElement>, 'children'>;

/**
 * Two live regions, rendered (empty) as soon as the prompt is, so that screen readers pick up
 * every later change: the polite `role="status"` (progress, success, already accepted, still
 * processing; it gets your props) and the assertive `role="alert"` (`upsell-alert`) for failures
 * (a failed fulfillment, a failed request), which the user must not miss.
 *
 * @example <UpsellStatus className="text-sm" />
 */
export function UpsellStatus({ className, ...props }: UpsellStatusProps) {
  const { getStatusProps, status, message } = useUpsellPrompt();
  const failure = status === 'failed' || status === 'error';
  return (
    <>
      <div
        {...getStatusProps({
          ...props,
          className: cx('upsell-status', className),
          children: failure ? '' : message,
        })}
      />
      <div role="alert" className="upsell-alert" data-state={status}>
        {failure ? message : ''}
      </div>
    </>
  );
}
