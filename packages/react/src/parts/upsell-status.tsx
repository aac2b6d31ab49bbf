'use client';
import type { HTMLAttributes } from 'react';
import { cx } from '../internal/cx';
import { useUpsellPrompt } from './upsell-prompt-context';

/** Props of {@link UpsellStatus}: any `div` attribute except children (the message). */
export type UpsellStatusProps = Omit<HTMLAttributes<HTMLDivElement>, 'children'>;

/**
 * The `role="status"` live region that announces progress and outcomes (processing, success,
 * failure, already accepted, still processing). Rendered (empty) as soon as the prompt is, so
 * that screen readers pick up every later change.
 *
 * @example <UpsellStatus className="text-sm" />
 */
export function UpsellStatus({ className, ...props }: UpsellStatusProps) {
  const { getStatusProps } = useUpsellPrompt();
  return <div {...getStatusProps({ ...props, className: cx('upsell-status', className) })} />;
}
