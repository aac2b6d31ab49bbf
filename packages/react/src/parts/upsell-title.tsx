'use client';
import type { HTMLAttributes } from 'react';
import { cx } from '../internal/cx';
import { useUpsellPrompt } from './upsell-prompt-context';

/** Props of {@link UpsellTitle}: any `div` attribute except children (the title is the offer's). */
export type UpsellTitleProps = Omit<HTMLAttributes<HTMLDivElement>, 'children'>;

/**
 * The offer's title (sanitized HTML) as a level-2 heading that names the prompt.
 * Pass `aria-level` to change the heading level.
 *
 * @example <UpsellBanner custom={custom}><UpsellTitle aria-level={3} /></UpsellBanner>
 */
export function UpsellTitle({ className, ...props }: UpsellTitleProps) {
  const { getTitleProps } = useUpsellPrompt();
  return <div {...getTitleProps({ ...props, className: cx('upsell-title', className) })} />;
}
